//! A cheap structural check of H.264 packets for the fast path, which copies video
//! without decoding it: every length-prefixed NAL unit must fit the packet exactly, have
//! its forbidden bit clear, and the packet must carry a picture (a slice). A payload of
//! noise fails this almost surely, at no decoding cost.

/// NAL length size from an `avcC` record (ISO/IEC 14496-15), `None` when the extradata
/// is not `avcC` (Annex B streams are not checked).
pub fn avcc_length_size(extradata: &[u8]) -> Option<usize> {
    match extradata {
        [1, _, _, _, b, ..] => Some(usize::from(b & 3) + 1),
        _ => None,
    }
}

/// Whether one MP4 H.264 sample is well-formed and holds a coded picture.
pub fn avc_packet_ok(data: &[u8], length_size: usize) -> bool {
    let mut at = 0;
    let mut has_slice = false;
    while at < data.len() {
        let Some(prefix) = data.get(at..at + length_size) else {
            return false;
        };
        let length = prefix.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        at += length_size;
        if length == 0 || at + length > data.len() {
            return false;
        }
        let header = data[at];
        if header & 0x80 != 0 {
            return false;
        }
        if matches!(header & 0x1f, 1 | 5) {
            has_slice = true;
        }
        at += length;
    }
    has_slice
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_picture_and_refuses_noise() {
        let idr = [0, 0, 0, 3, 0x65, 0x88, 0x84, 0, 0, 0, 2, 0x06, 0x05];
        assert!(avc_packet_ok(&idr, 4));
        let sei_only = [0, 0, 0, 2, 0x06, 0x05];
        assert!(!avc_packet_ok(&sei_only, 4));
        let overrun = [0, 0, 0, 9, 0x65, 0x88];
        assert!(!avc_packet_ok(&overrun, 4));
        let forbidden = [0, 0, 0, 2, 0xe5, 0x88];
        assert!(!avc_packet_ok(&forbidden, 4));
        assert_eq!(avcc_length_size(&[1, 100, 0, 40, 0xff, 0xe1]), Some(4));
        assert_eq!(avcc_length_size(&[0, 0, 0, 1, 0x67]), None);
    }
}
