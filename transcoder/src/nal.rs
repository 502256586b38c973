//! A structural check of MP4 H.264 samples, for the fast path, which copies video
//! without decoding it. Every packet is read once during the scan (no decoding):
//!
//! - each length-prefixed NAL unit fits the packet exactly (no zero length, no overrun);
//! - its header has the forbidden bit clear and a type an encoder writes (not 0, not a
//!   reserved or RTP-only type);
//! - no start code hides inside it (`00 00 00/01/02`, or `00 00 03` followed by more
//!   than 3: the emulation prevention an encoder applies never leaves those) and it ends
//!   with its stop bit (last byte not zero);
//! - a slice header is possible: `first_mb_in_slice` inside the picture, a slice type
//!   0..=9 (an IDR only I or SI), and a picture parameter set the `avcC` record declares;
//! - the packet holds a picture (a slice);
//! - parameter sets repeated in-band are byte-equal to the `avcC` ones.
//!
//! Random bytes fail these almost surely, so a clip with a damaged middle is caught where
//! the damage crosses a packet boundary or a NAL header. Damage wholly inside the entropy-
//! coded data of one slice cannot be seen without decoding: keyframes are decoded by the
//! fast path anyway (see `remux`), which covers the packets big enough to hold it.

/// The `avcC` record (ISO/IEC 14496-15) of an MP4 H.264 track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvcConfig {
    /// Bytes of each NAL length prefix (1, 2 or 4).
    pub length_size: usize,
    pub sps: Vec<Vec<u8>>,
    pub pps: Vec<Vec<u8>>,
    /// `pic_parameter_set_id` of each PPS.
    pps_ids: Vec<u32>,
}

/// Read an `avcC` record; the error says why it cannot be used to check (or copy) the
/// stream.
pub fn parse_avcc(extradata: &[u8]) -> Result<AvcConfig, &'static str> {
    let &[1, _, _, _, sizes, sps_count, ..] = extradata else {
        return Err("no avcC record (Annex B or missing)");
    };
    let length_size = usize::from(sizes & 3) + 1;
    if length_size == 3 {
        return Err("avcC with 3-byte NAL lengths");
    }
    let mut at = 6;
    let sps = parameter_sets(extradata, &mut at, usize::from(sps_count & 0x1f), 7)?;
    let pps_count = extradata.get(at).copied().ok_or("avcC record truncated")?;
    at += 1;
    let pps = parameter_sets(extradata, &mut at, usize::from(pps_count), 8)?;
    if sps.is_empty() || pps.is_empty() {
        return Err("parameter sets not in the avcC record");
    }
    let pps_ids = pps
        .iter()
        .map(|nal| {
            let mut bits = Bits::new(nal);
            bits.ue().ok_or("unreadable picture parameter set")
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AvcConfig { length_size, sps, pps, pps_ids })
}

/// `count` parameter sets of NAL type `kind`, each after a 16-bit size, from `at` on.
fn parameter_sets(record: &[u8], at: &mut usize, count: usize, kind: u8) -> Result<Vec<Vec<u8>>, &'static str> {
    let mut found = Vec::with_capacity(count);
    for _ in 0..count {
        let size = record.get(*at..*at + 2).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])));
        let nal = size.and_then(|size| record.get(*at + 2..*at + 2 + size)).ok_or("avcC record truncated")?;
        if nal.first().map(|h| h & 0x9f) != Some(kind) {
            return Err("avcC parameter set of the wrong type");
        }
        *at += 2 + nal.len();
        found.push(nal.to_vec());
    }
    Ok(found)
}

/// What one packet is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Sound,
    /// Broken: copying it would hand browsers a decoder error.
    Damaged(&'static str),
    /// Well formed, but not something to copy to every browser as is.
    NotCopyable(&'static str),
}

/// Checks the packets of one stream.
#[derive(Debug, Clone)]
pub struct Checker {
    config: AvcConfig,
    /// Macroblocks in a frame: `first_mb_in_slice` is always below it.
    macroblocks: u64,
}

impl Checker {
    pub fn new(config: AvcConfig, width: u32, height: u32) -> Self {
        let macroblocks = u64::from(width.div_ceil(16)) * u64::from(height.div_ceil(16));
        Self { config, macroblocks }
    }

    /// Whether one MP4 sample is well formed and holds a coded picture.
    pub fn check(&self, data: &[u8]) -> Verdict {
        let size = self.config.length_size;
        let mut at = 0;
        let mut has_slice = false;
        let mut unusual = None;
        while at < data.len() {
            let Some(prefix) = data.get(at..at + size) else {
                return Verdict::Damaged("NAL length prefix cut short");
            };
            let length = prefix.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            at += size;
            let Some(nal) = data.get(at..at.saturating_add(length)).filter(|nal| !nal.is_empty()) else {
                return Verdict::Damaged("NAL unit size does not fit the packet");
            };
            at += length;
            match self.nal(nal) {
                Verdict::Sound => {}
                Verdict::NotCopyable(why) => unusual = unusual.or(Some(why)),
                damaged => return damaged,
            }
            has_slice |= matches!(nal[0] & 0x1f, 1 | 5);
        }
        match (has_slice, unusual) {
            (false, _) => Verdict::Damaged("packet without a picture"),
            (true, Some(why)) => Verdict::NotCopyable(why),
            (true, None) => Verdict::Sound,
        }
    }

    fn nal(&self, nal: &[u8]) -> Verdict {
        let header = nal[0];
        if header & 0x80 != 0 {
            return Verdict::Damaged("forbidden bit set");
        }
        if let Some(why) = escape_error(nal) {
            return Verdict::Damaged(why);
        }
        match header & 0x1f {
            0 | 16..=18 | 22..=31 => Verdict::Damaged("reserved NAL unit type"),
            kind @ (1 | 5) => self.slice_header(nal, kind == 5),
            7 if !self.config.sps.iter().any(|sps| sps == nal) => {
                Verdict::NotCopyable("sequence parameter set changes in-band")
            }
            8 if !self.config.pps.iter().any(|pps| pps == nal) => {
                Verdict::NotCopyable("picture parameter set changes in-band")
            }
            2..=4 | 13..=15 | 19..=21 => Verdict::NotCopyable("NAL unit type outside the Main and High profiles"),
            _ => Verdict::Sound,
        }
    }

    fn slice_header(&self, nal: &[u8], idr: bool) -> Verdict {
        let mut bits = Bits::new(nal);
        let (Some(first_mb), Some(slice_type), Some(pps_id)) = (bits.ue(), bits.ue(), bits.ue()) else {
            return Verdict::Damaged("unreadable slice header");
        };
        if u64::from(first_mb) >= self.macroblocks {
            return Verdict::Damaged("slice starts outside the picture");
        }
        if slice_type > 9 || idr && !matches!(slice_type % 5, 2 | 4) {
            return Verdict::Damaged("impossible slice type");
        }
        if !self.config.pps_ids.contains(&pps_id) {
            return Verdict::Damaged("slice names an unknown picture parameter set");
        }
        Verdict::Sound
    }
}

/// A start code or an impossible escape inside a NAL unit, or a missing stop bit.
fn escape_error(nal: &[u8]) -> Option<&'static str> {
    if nal.len() > 1 && nal.last() == Some(&0) {
        return Some("NAL unit does not end with its stop bit");
    }
    let mut zeros = 0;
    for (i, &byte) in nal.iter().enumerate().skip(1) {
        if zeros >= 2 {
            match byte {
                0..=2 => return Some("start code inside a NAL unit"),
                3 if nal.get(i + 1).is_some_and(|next| *next > 3) => {
                    return Some("bad emulation prevention byte");
                }
                _ => {}
            }
        }
        zeros = if byte == 0 { zeros + 1 } else { 0 };
    }
    None
}

/// Exp-Golomb reader over the RBSP of a NAL unit (header byte skipped, escapes removed).
struct Bits<'a> {
    nal: &'a [u8],
    /// Next byte of `nal` and bit within it.
    byte: usize,
    bit: u8,
    current: u8,
    zeros: u8,
}

impl<'a> Bits<'a> {
    fn new(nal: &'a [u8]) -> Self {
        Self { nal, byte: 1, bit: 8, current: 0, zeros: 0 }
    }

    fn read_bit(&mut self) -> Option<u32> {
        if self.bit == 8 {
            let mut next = *self.nal.get(self.byte)?;
            self.byte += 1;
            if self.zeros >= 2 && next == 3 {
                next = *self.nal.get(self.byte)?;
                self.byte += 1;
                self.zeros = 0;
            }
            self.zeros = if next == 0 { self.zeros + 1 } else { 0 };
            self.current = next;
            self.bit = 0;
        }
        let value = (self.current >> (7 - self.bit)) & 1;
        self.bit += 1;
        Some(u32::from(value))
    }

    /// `ue(v)`: `None` past the end or when longer than 32 bits.
    fn ue(&mut self) -> Option<u32> {
        let mut leading = 0;
        while self.read_bit()? == 0 {
            leading += 1;
            if leading > 31 {
                return None;
            }
        }
        let mut value = 0u64;
        for _ in 0..leading {
            value = (value << 1) | u64::from(self.read_bit()?);
        }
        u32::try_from((1u64 << leading) - 1 + value).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// avcC with one SPS (`67 64 00 28 ac`) and one PPS (`68 ee 3c 80`, pps_id 0).
    const AVCC: &[u8] =
        &[1, 0x64, 0, 0x28, 0xff, 0xe1, 0, 5, 0x67, 0x64, 0, 0x28, 0xac, 1, 0, 4, 0x68, 0xee, 0x3c, 0x80];

    fn checker() -> Checker {
        Checker::new(parse_avcc(AVCC).expect("avcC"), 1280, 720)
    }

    #[test]
    fn reads_the_avcc_record() {
        let config = parse_avcc(AVCC).expect("avcC");
        assert_eq!((config.length_size, config.sps.len(), config.pps.len()), (4, 1, 1));
        assert!(parse_avcc(&[0, 0, 0, 1, 0x67]).is_err());
        assert!(parse_avcc(&AVCC[..12]).is_err(), "truncated");
        assert!(parse_avcc(&[1, 0x64, 0, 0x28, 0xff, 0xe0, 0]).is_err(), "no parameter sets");
    }

    #[test]
    fn accepts_a_picture_and_refuses_noise() {
        let checker = checker();
        // IDR: first_mb 0 (1), slice_type 7 (0001000), pps 0 (1) -> 1000 1000 1...
        let idr = [0, 0, 0, 3, 0x65, 0x88, 0x84, 0, 0, 0, 2, 0x06, 0x05];
        assert_eq!(checker.check(&idr), Verdict::Sound);
        let with_pps = [0, 0, 0, 4, 0x68, 0xee, 0x3c, 0x80, 0, 0, 0, 3, 0x65, 0x88, 0x84];
        assert_eq!(checker.check(&with_pps), Verdict::Sound);
        let cases: &[(&[u8], &str)] = &[
            (&[0, 0, 0, 2, 0x06, 0x05], "packet without a picture"),
            (&[0, 0, 0, 9, 0x65, 0x88], "NAL unit size does not fit the packet"),
            (&[0, 0, 0, 0, 0x65, 0x88], "NAL unit size does not fit the packet"),
            (&[0, 0, 0, 2, 0xe5, 0x88], "forbidden bit set"),
            (&[0, 0, 0, 2, 0x00, 0x88], "reserved NAL unit type"),
            (&[0, 0, 0, 6, 0x65, 0x88, 0, 0, 1, 0x84], "start code inside a NAL unit"),
            (&[0, 0, 0, 6, 0x65, 0x88, 0, 0, 3, 0x84], "bad emulation prevention byte"),
            (&[0, 0, 0, 3, 0x65, 0x88, 0], "NAL unit does not end with its stop bit"),
            // P slice type (5 -> 00110) in an IDR.
            (&[0, 0, 0, 3, 0x65, 0x98, 0x80], "impossible slice type"),
            // pps_id 1 (010) unknown.
            (&[0, 0, 0, 3, 0x65, 0x88, 0x40], "slice names an unknown picture parameter set"),
        ];
        for (packet, why) in cases {
            assert_eq!(checker.check(packet), Verdict::Damaged(why), "{packet:02x?}");
        }
        let other_pps = [0, 0, 0, 4, 0x68, 0xef, 0x3c, 0x80, 0, 0, 0, 3, 0x65, 0x88, 0x84];
        assert_eq!(checker.check(&other_pps), Verdict::NotCopyable("picture parameter set changes in-band"));
    }

    #[test]
    fn a_slice_past_the_last_macroblock_is_damaged() {
        // 64x64: 16 macroblocks; first_mb 16 = 000010001 -> 0000 1000 1 + type 7 + pps 0.
        let checker = Checker::new(parse_avcc(AVCC).expect("avcC"), 64, 64);
        let late = [0, 0, 0, 4, 0x65, 0x08, 0x88, 0x80];
        assert_eq!(checker.check(&late), Verdict::Damaged("slice starts outside the picture"));
    }
}
