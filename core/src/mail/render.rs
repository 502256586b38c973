//! The texts of Crosstalk's emails, in English, French and German, as plain text and HTML.
//!
//! Every template is first reduced to a [`Content`] (subject, paragraphs, an optional quote,
//! a list, one call to action, why the mail was sent) in the recipient's language; one layout
//! then writes it as plain text and as HTML, escaping everything that came from members.

use chrono::{DateTime, Datelike, Timelike, Utc};

mod rejection;

pub use rejection::seconds_field;
use rejection::video_rejected;

/// What a message is about. Every string is plain text; the HTML part escapes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template {
    /// Someone replied to the recipient's video.
    Reply { replier_name: String, prompt_title: String, reply_text: String, post_url: String },
    /// The recipient's video was processed; `pending_approval` when a facilitator must approve it first.
    VideoReady { prompt_title: String, post_url: String, pending_approval: bool },
    /// The recipient's video could not be used. `reason` is the transcoder's stable code:
    /// not_a_video, unsupported_container, no_video_stream, too_short, too_long, too_large,
    /// too_small, corrupt, timeout, internal_error; anything else gets a generic sentence.
    /// `min_seconds` / `max_seconds`: the prompt's limits the video was checked against, named
    /// in the too_short / too_long sentence (absent in events written before they were recorded).
    VideoRejected {
        prompt_title: String,
        reason: String,
        upload_url: String,
        min_seconds: Option<u32>,
        max_seconds: Option<u32>,
    },
    /// A facilitator decided on the recipient's video. `action`: approve | hide | remove | restore;
    /// `statement`: the facilitator's statement of reasons, shown verbatim.
    ModerationDecided { prompt_title: String, action: String, statement: String, post_url: String },
    /// A facilitator's digest of what waits in the moderation queue.
    Digest {
        course_title: String,
        pending: i64,
        flagged: i64,
        oldest_age_hours: i64,
        cohorts: Vec<DigestCohort>,
        queue_url: String,
    },
    /// A reminder to a learner who has not answered a prompt yet. `message` is the prompt's
    /// nudge template with its placeholders filled; empty gives a default sentence.
    Nudge { prompt_title: String, message: String, closes_at: DateTime<Utc>, prompt_url: String },
}

/// One cohort's line in a [`Template::Digest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestCohort {
    pub name: String,
    pub pending: i64,
    pub flagged: i64,
}

/// A message ready to be sent: subject, plain-text part and HTML part, in `lang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// The language the message was written in (`en`, `fr`, `de`), for `Content-Language`.
    pub lang: &'static str,
}

/// The language to write to a member in, from their locale: `fr`, `fr-CA` and `fr_FR` give
/// `fr`, likewise `de`; anything else (or nothing) gives `en`.
pub fn lang(locale: &str) -> &'static str {
    let primary = locale.trim().split(['-', '_', '.', '@']).next().unwrap_or("");
    match primary.to_ascii_lowercase().as_str() {
        "fr" => "fr",
        "de" => "de",
        _ => "en",
    }
}

/// Writes template `t` for `recipient_name` in the language of `locale`. With an
/// `unsubscribe_url`, both parts end with a one-click unsubscribe link.
pub fn render(locale: &str, recipient_name: &str, t: &Template, unsubscribe_url: Option<&str>) -> Rendered {
    let lang = lang(locale);
    let l = Lang::of(lang);
    let content = match t {
        Template::Reply { replier_name, prompt_title, reply_text, post_url } => {
            reply(l, replier_name, prompt_title, reply_text, post_url)
        }
        Template::VideoReady { prompt_title, post_url, pending_approval } => {
            video_ready(l, prompt_title, post_url, *pending_approval)
        }
        Template::VideoRejected { prompt_title, reason, upload_url, min_seconds, max_seconds } => {
            video_rejected(l, prompt_title, reason, upload_url, (*min_seconds, *max_seconds))
        }
        Template::ModerationDecided { prompt_title, action, statement, post_url } => {
            moderation_decided(l, prompt_title, action, statement, post_url)
        }
        Template::Digest { course_title, pending, flagged, oldest_age_hours, cohorts, queue_url } => {
            digest(l, course_title, *pending, *flagged, *oldest_age_hours, cohorts, queue_url)
        }
        Template::Nudge { prompt_title, message, closes_at, prompt_url } => {
            nudge(l, prompt_title, message, *closes_at, prompt_url)
        }
    };
    let footer = Footer { why: content.why.clone(), unsubscribe_url };
    Rendered {
        subject: content.subject.clone(),
        text: layout_text(l, recipient_name, &content, &footer),
        html: layout_html(l, lang, recipient_name, &content, &footer),
        lang,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Fr,
    De,
}

impl Lang {
    fn of(code: &str) -> Self {
        match code {
            "fr" => Self::Fr,
            "de" => Self::De,
            _ => Self::En,
        }
    }

    /// A title between the language's quotation marks.
    fn quoted(self, s: &str) -> String {
        match self {
            Self::En => format!("“{s}”"),
            Self::Fr => format!("«\u{a0}{s}\u{a0}»"),
            Self::De => format!("„{s}“"),
        }
    }

    /// French puts a (non-breaking) space before a colon.
    fn colon(self) -> &'static str {
        match self {
            Self::Fr => "\u{a0}:",
            _ => ":",
        }
    }
}

/// What one message says, before layout.
struct Content {
    subject: String,
    paragraphs: Vec<String>,
    /// Member-written text shown as a quote (a reply, a statement of reasons), with its lead-in.
    quote: Option<(String, String)>,
    list: Vec<String>,
    after: Vec<String>,
    /// Label and URL of the one call to action.
    action: (String, String),
    why: String,
}

impl Content {
    fn new(subject: String, action: (&str, &str), why: String) -> Self {
        Content {
            subject,
            paragraphs: Vec::new(),
            quote: None,
            list: Vec::new(),
            after: Vec::new(),
            action: (action.0.to_owned(), action.1.to_owned()),
            why,
        }
    }
}

fn reply(l: Lang, replier: &str, prompt: &str, reply_text: &str, url: &str) -> Content {
    let q = l.quoted(prompt);
    let (subject, line, label, lead, why) = match l {
        Lang::En => (
            format!("{replier} replied to your video"),
            format!("{replier} replied to your video for {q}."),
            "See the reply",
            format!("{replier} wrote:"),
            WHY_LEARNER_EN,
        ),
        Lang::Fr => (
            format!("{replier} a répondu à votre vidéo"),
            format!("{replier} a répondu à votre vidéo pour {q}."),
            "Voir la réponse",
            format!("{replier} a écrit\u{a0}:"),
            WHY_LEARNER_FR,
        ),
        Lang::De => (
            format!("{replier} hat auf Ihr Video geantwortet"),
            format!("{replier} hat auf Ihr Video zu {q} geantwortet."),
            "Antwort ansehen",
            format!("{replier} schreibt:"),
            WHY_LEARNER_DE,
        ),
    };
    let mut c = Content::new(subject, (label, url), why.to_owned());
    c.paragraphs.push(line);
    if !reply_text.trim().is_empty() {
        c.quote = Some((lead, reply_text.trim().to_owned()));
    }
    c
}

fn video_ready(l: Lang, prompt: &str, url: &str, pending_approval: bool) -> Content {
    let q = l.quoted(prompt);
    let (subject, line, label, why) = match (l, pending_approval) {
        (Lang::En, false) => (
            "Your video is ready",
            format!("Your video for {q} is ready, and the others in your group can now watch it."),
            "Watch your video",
            WHY_LEARNER_EN,
        ),
        (Lang::En, true) => (
            "Your video is ready",
            format!("Your video for {q} is ready. A facilitator will look at it before the others in your group can see it; we will let you know."),
            "Watch your video",
            WHY_LEARNER_EN,
        ),
        (Lang::Fr, false) => (
            "Votre vidéo est prête",
            format!("Votre vidéo pour {q} est prête, et les autres membres de votre groupe peuvent maintenant la voir."),
            "Voir votre vidéo",
            WHY_LEARNER_FR,
        ),
        (Lang::Fr, true) => (
            "Votre vidéo est prête",
            format!("Votre vidéo pour {q} est prête. L'équipe d'animation va la regarder avant que les autres membres de votre groupe puissent la voir\u{a0}; nous vous tiendrons au courant."),
            "Voir votre vidéo",
            WHY_LEARNER_FR,
        ),
        (Lang::De, false) => (
            "Ihr Video ist fertig",
            format!("Ihr Video zu {q} ist fertig, und die anderen in Ihrer Gruppe können es jetzt ansehen."),
            "Video ansehen",
            WHY_LEARNER_DE,
        ),
        (Lang::De, true) => (
            "Ihr Video ist fertig",
            format!("Ihr Video zu {q} ist fertig. Die Moderation sieht es sich an, bevor die anderen in Ihrer Gruppe es sehen können; wir geben Ihnen Bescheid."),
            "Video ansehen",
            WHY_LEARNER_DE,
        ),
    };
    let mut c = Content::new(subject.to_owned(), (label, url), why.to_owned());
    c.paragraphs.push(line);
    c
}

fn moderation_decided(l: Lang, prompt: &str, action: &str, statement: &str, url: &str) -> Content {
    let q = l.quoted(prompt);
    let (subject, line) = match (l, action) {
        (Lang::En, "approve") => (format!("Your video for {q} was approved"), "A facilitator approved your video. The others in your group can now watch it."),
        (Lang::En, "hide") => (format!("Your video for {q} was hidden"), "A facilitator hid your video. It is no longer shown to your group, but it has not been deleted."),
        (Lang::En, "remove") => (format!("Your video for {q} was removed"), "A facilitator removed your video. It is no longer shown to anyone in your group."),
        (Lang::En, "restore") => (format!("Your video for {q} is visible again"), "A facilitator restored your video. Your group can watch it again."),
        (Lang::En, _) => (format!("A facilitator reviewed your video for {q}"), "A facilitator reviewed your video."),
        (Lang::Fr, "approve") => (format!("Votre vidéo pour {q} a été approuvée"), "L'équipe d'animation a approuvé votre vidéo. Les autres membres de votre groupe peuvent maintenant la voir."),
        (Lang::Fr, "hide") => (format!("Votre vidéo pour {q} a été masquée"), "L'équipe d'animation a masqué votre vidéo. Elle n'est plus montrée à votre groupe, mais elle n'a pas été supprimée."),
        (Lang::Fr, "remove") => (format!("Votre vidéo pour {q} a été retirée"), "L'équipe d'animation a retiré votre vidéo. Elle n'est plus montrée à personne dans votre groupe."),
        (Lang::Fr, "restore") => (format!("Votre vidéo pour {q} est de nouveau visible"), "L'équipe d'animation a rétabli votre vidéo. Votre groupe peut de nouveau la voir."),
        (Lang::Fr, _) => (format!("Votre vidéo pour {q} a été examinée"), "L'équipe d'animation a examiné votre vidéo."),
        (Lang::De, "approve") => (format!("Ihr Video zu {q} wurde freigegeben"), "Die Moderation hat Ihr Video freigegeben. Die anderen in Ihrer Gruppe können es jetzt ansehen."),
        (Lang::De, "hide") => (format!("Ihr Video zu {q} wurde ausgeblendet"), "Die Moderation hat Ihr Video ausgeblendet. Es wird Ihrer Gruppe nicht mehr gezeigt, wurde aber nicht gelöscht."),
        (Lang::De, "remove") => (format!("Ihr Video zu {q} wurde entfernt"), "Die Moderation hat Ihr Video entfernt. Es wird niemandem in Ihrer Gruppe mehr gezeigt."),
        (Lang::De, "restore") => (format!("Ihr Video zu {q} ist wieder sichtbar"), "Die Moderation hat Ihr Video wiederhergestellt. Ihre Gruppe kann es wieder ansehen."),
        (Lang::De, _) => (format!("Ihr Video zu {q} wurde geprüft"), "Die Moderation hat Ihr Video geprüft."),
    };
    let (lead, appeal, label, why) = match l {
        Lang::En => (
            "The reasons for this decision:",
            "If you think this is a mistake, get in touch with your facilitator.",
            "See your post",
            WHY_LEARNER_EN,
        ),
        Lang::Fr => (
            "Les motifs de cette décision\u{a0}:",
            "Si vous pensez qu'il s'agit d'une erreur, contactez votre équipe d'animation.",
            "Voir votre publication",
            WHY_LEARNER_FR,
        ),
        Lang::De => (
            "Die Begründung dieser Entscheidung:",
            "Wenn Sie das für einen Fehler halten, wenden Sie sich an Ihre Moderation.",
            "Beitrag ansehen",
            WHY_LEARNER_DE,
        ),
    };
    let mut c = Content::new(subject, (label, url), why.to_owned());
    c.paragraphs.push(line.to_owned());
    if !statement.trim().is_empty() {
        c.quote = Some((lead.to_owned(), statement.trim().to_owned()));
    }
    if matches!(action, "hide" | "remove") {
        c.after.push(appeal.to_owned());
    }
    c
}

/// `one` when `n` takes the singular in language `l` (French: 0 and 1), else `many`.
fn plural<'a>(l: Lang, n: i64, one: &'a str, many: &'a str) -> &'a str {
    let singular = match l {
        Lang::Fr => n.abs() <= 1,
        _ => n.abs() == 1,
    };
    if singular {
        one
    } else {
        many
    }
}

/// "5 hours", "3 days"; German in the dative ("seit 3 Tagen").
fn age(l: Lang, hours: i64) -> String {
    let days = hours / 24;
    match l {
        Lang::En if hours < 1 => "less than an hour".to_owned(),
        Lang::En if hours < 48 => format!("{hours} {}", plural(l, hours, "hour", "hours")),
        Lang::En => format!("{days} days"),
        Lang::Fr if hours < 1 => "moins d'une heure".to_owned(),
        Lang::Fr if hours < 48 => format!("{hours} {}", plural(l, hours, "heure", "heures")),
        Lang::Fr => format!("{days} jours"),
        Lang::De if hours < 1 => "weniger als einer Stunde".to_owned(),
        Lang::De if hours < 48 => format!("{hours} {}", plural(l, hours, "Stunde", "Stunden")),
        Lang::De => format!("{days} Tagen"),
    }
}

fn digest(
    l: Lang,
    course: &str,
    pending: i64,
    flagged: i64,
    oldest_hours: i64,
    cohorts: &[DigestCohort],
    url: &str,
) -> Content {
    let c_ = l.colon();
    let subject = match l {
        Lang::En if pending == 0 && flagged == 0 => format!("{course}: nothing waiting for review"),
        Lang::En => {
            format!("{course}: {pending} {} to review, {flagged} flagged", plural(l, pending, "video", "videos"))
        }
        Lang::Fr if pending == 0 && flagged == 0 => format!("{course}{c_} rien à examiner"),
        Lang::Fr => format!(
            "{course}{c_} {pending} {} à examiner, {flagged} {}",
            plural(l, pending, "vidéo", "vidéos"),
            plural(l, flagged, "signalée", "signalées")
        ),
        Lang::De if pending == 0 && flagged == 0 => format!("{course}: nichts zu prüfen"),
        Lang::De => {
            format!("{course}: {pending} {} zu prüfen, {flagged} gemeldet", plural(l, pending, "Video", "Videos"))
        }
    };
    let q = l.quoted(course);
    let (intro, label, why) = match l {
        Lang::En => (
            format!("Here is what waits in the moderation queue of {q}."),
            "Open the queue",
            format!("You get this email because you facilitate {q}."),
        ),
        Lang::Fr => (
            format!("Voici ce qui attend dans la file de modération de {q}."),
            "Ouvrir la file de modération",
            format!("Vous recevez cet e-mail parce que vous animez {q}."),
        ),
        Lang::De => (
            format!("Das wartet in der Moderationswarteschlange von {q}."),
            "Warteschlange öffnen",
            format!("Sie erhalten diese E-Mail, weil Sie {q} moderieren."),
        ),
    };
    let mut c = Content::new(subject, (label, url), why);
    c.paragraphs.push(intro);
    let (waiting, reported, oldest) = match l {
        Lang::En => (
            "Waiting for approval",
            "Flagged by members",
            format!("The oldest has been waiting for {}.", age(l, oldest_hours)),
        ),
        Lang::Fr => (
            "En attente d'approbation",
            "Signalées par des membres",
            format!("La plus ancienne attend depuis {}.", age(l, oldest_hours)),
        ),
        Lang::De => (
            "Warten auf Freigabe",
            "Von Mitgliedern gemeldet",
            format!("Der älteste Eintrag wartet seit {}.", age(l, oldest_hours)),
        ),
    };
    c.list.push(format!("{waiting}{c_} {pending}"));
    c.list.push(format!("{reported}{c_} {flagged}"));
    for cohort in cohorts {
        let (p, f) = (cohort.pending, cohort.flagged);
        c.list.push(match l {
            Lang::En => format!("{}: {p} waiting, {f} flagged", cohort.name),
            Lang::Fr => format!("{}{c_} {p} en attente, {f} {}", cohort.name, plural(l, f, "signalée", "signalées")),
            Lang::De => format!("{}: {p} wartend, {f} gemeldet", cohort.name),
        });
    }
    if pending + flagged > 0 {
        c.after.push(oldest);
    }
    c
}

fn date(l: Lang, at: DateTime<Utc>) -> String {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const DE: [&str; 12] = [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ];
    let m = at.month0() as usize;
    let (d, y, hh, mm) = (at.day(), at.year(), at.hour(), at.minute());
    match l {
        Lang::En => format!("{} {d}, {y} at {hh:02}:{mm:02} UTC", EN[m]),
        Lang::Fr => format!("{d} {} {y} à {hh:02}:{mm:02} UTC", FR[m]),
        Lang::De => format!("{d}. {} {y} um {hh:02}:{mm:02} UTC", DE[m]),
    }
}

fn nudge(l: Lang, prompt: &str, message: &str, closes_at: DateTime<Utc>, url: &str) -> Content {
    let q = l.quoted(prompt);
    let when = date(l, closes_at);
    let (subject, default, closes, label, why) = match l {
        Lang::En => (
            format!("A reminder: {q} is waiting for your video"),
            format!("Your group is looking forward to hearing from you. Record a short video answer to {q}."),
            format!("The prompt closes on {when}."),
            "Record your answer",
            WHY_LEARNER_EN,
        ),
        Lang::Fr => (
            format!("Petit rappel\u{a0}: {q} attend votre vidéo"),
            format!("Votre groupe a hâte de vous entendre. Enregistrez une courte réponse vidéo à {q}."),
            format!("La consigne se termine le {when}."),
            "Enregistrer ma réponse",
            WHY_LEARNER_FR,
        ),
        Lang::De => (
            format!("Erinnerung: {q} wartet auf Ihr Video"),
            format!(
                "Ihre Gruppe freut sich darauf, von Ihnen zu hören. Nehmen Sie eine kurze Videoantwort zu {q} auf."
            ),
            format!("Die Aufgabe endet am {when}."),
            "Antwort aufnehmen",
            WHY_LEARNER_DE,
        ),
    };
    let mut c = Content::new(subject, (label, url), why.to_owned());
    let message = message.trim();
    c.paragraphs.push(if message.is_empty() { default } else { message.to_owned() });
    // An open-ended prompt has no closing date worth announcing.
    if closes_at < crate::prompts::OPEN_ENDED {
        c.paragraphs.push(closes);
    }
    c
}

const WHY_LEARNER_EN: &str = "You get this email because you take part in a Crosstalk course.";
const WHY_LEARNER_FR: &str = "Vous recevez cet e-mail parce que vous participez à un cours Crosstalk.";
const WHY_LEARNER_DE: &str = "Sie erhalten diese E-Mail, weil Sie an einem Crosstalk-Kurs teilnehmen.";

struct Footer<'a> {
    why: String,
    unsubscribe_url: Option<&'a str>,
}

struct Phrases {
    hello: &'static str,
    hello_anonymous: &'static str,
    signature: &'static str,
    link_fallback: &'static str,
    unsubscribe_question: &'static str,
    unsubscribe: &'static str,
}

fn phrases(l: Lang) -> Phrases {
    match l {
        Lang::En => Phrases {
            hello: "Hi",
            hello_anonymous: "Hi,",
            signature: "The Crosstalk team",
            link_fallback: "If the button does not work, copy this link into your browser:",
            unsubscribe_question: "Don't want these emails?",
            unsubscribe: "Unsubscribe",
        },
        Lang::Fr => Phrases {
            hello: "Bonjour",
            hello_anonymous: "Bonjour,",
            signature: "L'équipe Crosstalk",
            link_fallback: "Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur\u{a0}:",
            unsubscribe_question: "Vous ne souhaitez plus recevoir ces e-mails\u{a0}?",
            unsubscribe: "Se désabonner",
        },
        Lang::De => Phrases {
            hello: "Hallo",
            hello_anonymous: "Hallo,",
            signature: "Ihr Crosstalk-Team",
            link_fallback: "Falls der Button nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:",
            unsubscribe_question: "Sie möchten diese E-Mails nicht mehr erhalten?",
            unsubscribe: "Abmelden",
        },
    }
}

fn greeting(p: &Phrases, name: &str) -> String {
    let name = name.trim();
    if name.is_empty() {
        p.hello_anonymous.to_owned()
    } else {
        format!("{} {name},", p.hello)
    }
}

fn layout_text(l: Lang, name: &str, c: &Content, f: &Footer<'_>) -> String {
    let p = phrases(l);
    let mut blocks = vec![greeting(&p, name)];
    blocks.extend(c.paragraphs.iter().cloned());
    if let Some((lead, quote)) = &c.quote {
        let quoted: Vec<String> =
            quote.lines().map(|line| if line.is_empty() { ">".to_owned() } else { format!("> {line}") }).collect();
        blocks.push(format!("{lead}\n{}", quoted.join("\n")));
    }
    if !c.list.is_empty() {
        blocks.push(c.list.iter().map(|item| format!("- {item}")).collect::<Vec<_>>().join("\n"));
    }
    blocks.extend(c.after.iter().cloned());
    blocks.push(format!("{}{} {}", c.action.0, l.colon(), c.action.1));
    blocks.push(format!("— {}", p.signature));
    let mut footer = f.why.clone();
    if let Some(url) = f.unsubscribe_url {
        footer.push_str(&format!("\n{} {}{} {url}", p.unsubscribe_question, p.unsubscribe, l.colon()));
    }
    // "-- " is the conventional signature separator: mail clients dim what follows.
    blocks.push(format!("-- \n{footer}"));
    let mut text = blocks.join("\n\n");
    text.push('\n');
    text
}

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Escaped text with its line breaks kept.
fn esc_lines(s: &str) -> String {
    s.lines().map(esc).collect::<Vec<_>>().join("<br>\n")
}

fn layout_html(l: Lang, lang: &str, name: &str, c: &Content, f: &Footer<'_>) -> String {
    const P: &str = "margin:0 0 16px 0;";
    let p = phrases(l);
    let mut body = String::new();
    body.push_str(&format!("<p style=\"{P}\">{}</p>\n", esc(&greeting(&p, name))));
    for para in &c.paragraphs {
        body.push_str(&format!("<p style=\"{P}\">{}</p>\n", esc_lines(para)));
    }
    if let Some((lead, quote)) = &c.quote {
        body.push_str(&format!("<p style=\"{P}\">{}</p>\n", esc(lead)));
        body.push_str(&format!(
            "<blockquote style=\"margin:0 0 16px 0;padding:8px 16px;border-left:4px solid #d0d7de;color:#3d4451;\">{}</blockquote>\n",
            esc_lines(quote)
        ));
    }
    if !c.list.is_empty() {
        body.push_str("<ul style=\"margin:0 0 16px 0;padding-left:20px;\">\n");
        for item in &c.list {
            body.push_str(&format!("<li>{}</li>\n", esc(item)));
        }
        body.push_str("</ul>\n");
    }
    for para in &c.after {
        body.push_str(&format!("<p style=\"{P}\">{}</p>\n", esc_lines(para)));
    }
    let (label, url) = (&c.action.0, esc(&c.action.1));
    body.push_str(&format!(
        "<p style=\"margin:24px 0;\"><a href=\"{url}\" style=\"display:inline-block;padding:12px 20px;border-radius:6px;background:#1f6feb;color:#ffffff;text-decoration:none;font-weight:600;\">{}</a></p>\n",
        esc(label)
    ));
    body.push_str(&format!(
        "<p style=\"{P}font-size:13px;color:#57606a;\">{}<br>\n<a href=\"{url}\" style=\"color:#57606a;word-break:break-all;\">{url}</a></p>\n",
        esc(p.link_fallback)
    ));
    body.push_str(&format!("<p style=\"{P}\">— {}</p>\n", esc(p.signature)));
    let mut footer = esc(&f.why);
    if let Some(unsubscribe) = f.unsubscribe_url {
        footer.push_str(&format!(
            "<br>\n{} <a href=\"{}\" style=\"color:#57606a;\">{}</a>",
            esc(p.unsubscribe_question),
            esc(unsubscribe),
            esc(p.unsubscribe)
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n\
         <body style=\"margin:0;padding:24px;background:#f6f8fa;\">\n\
         <div style=\"max-width:560px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px;\
         font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2328;\">\n\
         {body}</div>\n\
         <p style=\"max-width:560px;margin:16px auto 0;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;\
         font-size:13px;line-height:1.5;color:#57606a;\">{footer}</p>\n</body>\n</html>\n",
        title = esc(&c.subject),
    )
}
