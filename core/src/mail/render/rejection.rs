//! The refusal mail: what was wrong with the video and what to do, in plain words; a too short
//! or too long video is told the prompt's limit ("shorter than 10 seconds").

use super::{Content, Lang, WHY_LEARNER_DE, WHY_LEARNER_EN, WHY_LEARNER_FR};

/// `too_short` / `too_long` with the prompt's limit in words: what went wrong, what to do.
fn duration_reason(l: Lang, reason: &str, (min, max): (Option<u32>, Option<u32>)) -> Option<(String, String)> {
    Some(match (l, reason) {
        (Lang::En, "too_short") => {
            let d = duration_words(l, min?);
            (
                format!("Your video is shorter than {d}, the shortest answer this prompt accepts."),
                format!("Record an answer of at least {d} and upload it again."),
            )
        }
        (Lang::En, "too_long") => {
            let d = duration_words(l, max?);
            (
                format!("Your video is longer than {d}, the longest answer this prompt accepts."),
                format!("Trim it to {d} or less, or record a shorter answer, then upload it again."),
            )
        }
        (Lang::Fr, "too_short") => {
            let d = duration_words(l, min?);
            (
                format!("Votre vidéo dure moins {}, la durée minimale pour cette consigne.", fr_de(&d)),
                format!("Enregistrez une réponse d'au moins {d} et envoyez-la à nouveau."),
            )
        }
        (Lang::Fr, "too_long") => {
            let d = duration_words(l, max?);
            (format!("Votre vidéo dure plus {}, la durée maximale pour cette consigne.", fr_de(&d)), format!("Coupez-la pour qu'elle dure au plus {d}, ou enregistrez une réponse plus courte, puis envoyez-la à nouveau."))
        }
        (Lang::De, "too_short") => {
            let d = duration_words(l, min?);
            (
                format!("Ihr Video ist kürzer als {d}, die Mindestlänge für diese Aufgabe."),
                format!("Nehmen Sie eine Antwort von mindestens {d} auf und laden Sie sie erneut hoch."),
            )
        }
        (Lang::De, "too_long") => {
            let d = duration_words(l, max?);
            (format!("Ihr Video ist länger als {d}, die Höchstlänge für diese Aufgabe."), format!("Kürzen Sie es auf höchstens {d} oder nehmen Sie eine kürzere Antwort auf und laden Sie sie erneut hoch."))
        }
        _ => return None,
    })
}

/// A whole number of seconds from an event's data (`video.rejected`'s `min_seconds`, say).
pub fn seconds_field(data: &serde_json::Value, name: &str) -> Option<u32> {
    data.get(name).and_then(serde_json::Value::as_u64).and_then(|n| u32::try_from(n).ok())
}

/// A length in whole minutes when it is one, else in seconds: "10 seconds", "5 minutes", "1 Minute".
fn duration_words(l: Lang, seconds: u32) -> String {
    let (n, one, many) = match (l, seconds >= 60 && seconds.is_multiple_of(60)) {
        (Lang::En, true) => (seconds / 60, "minute", "minutes"),
        (Lang::En, false) => (seconds, "second", "seconds"),
        (Lang::Fr, true) => (seconds / 60, "minute", "minutes"),
        (Lang::Fr, false) => (seconds, "seconde", "secondes"),
        (Lang::De, true) => (seconds / 60, "Minute", "Minuten"),
        (Lang::De, false) => (seconds, "Sekunde", "Sekunden"),
    };
    let a = match l {
        Lang::En => "one",
        Lang::Fr => "une",
        Lang::De => "eine",
    };
    if n == 1 {
        format!("{a} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// French "de" before a length, elided before "une": "de 10 secondes", "d'une minute".
fn fr_de(d: &str) -> String {
    if d.starts_with("une ") {
        format!("d'{d}")
    } else {
        format!("de {d}")
    }
}

/// What went wrong, then what to do about it, in plain words.
fn rejection_reason(l: Lang, reason: &str) -> (&'static str, &'static str) {
    match (l, reason) {
        (Lang::En, "not_a_video") => ("The file you sent is not a video.", "Record your answer again, or choose a video file such as MP4, MOV or WebM."),
        (Lang::En, "unsupported_container") => ("We can't read this kind of video file.", "Save or export it as MP4 or WebM, then upload it again."),
        (Lang::En, "no_video_stream") => ("The file has sound but no picture.", "Check that your camera is on and allowed in your browser, then record again."),
        (Lang::En, "too_short") => ("Your video is shorter than this prompt asks for.", "Record a slightly longer answer and upload it again."),
        (Lang::En, "too_long") => ("Your video is longer than the time allowed for this prompt.", "Trim it, or record a shorter answer that fits within the limit, then upload it again."),
        (Lang::En, "too_large") => ("Your video is too large: the file or its picture size is over our limit.", "Record again at a lower resolution (720p is plenty) or export a smaller file, then upload it again."),
        (Lang::En, "too_small") => ("The picture of your video is too small to be shown well.", "Record again with your camera set to a higher resolution."),
        (Lang::En, "corrupt") => ("Your video file is damaged and can't be played.", "This often happens when a recording or an upload is interrupted. Record again, or upload the original file again."),
        (Lang::En, "timeout") => ("Your video took too long to process.", "A shorter or smaller video usually works. Please try again."),
        (Lang::En, "internal_error") => ("Something went wrong on our side while processing your video.", "It's not your fault. Please upload it again; if it keeps happening, tell your facilitator."),
        (Lang::En, _) => ("We couldn't process your video.", "Please record or upload it again; if it keeps happening, tell your facilitator."),
        (Lang::Fr, "not_a_video") => ("Le fichier envoyé n'est pas une vidéo.", "Enregistrez à nouveau votre réponse, ou choisissez un fichier vidéo (MP4, MOV ou WebM par exemple)."),
        (Lang::Fr, "unsupported_container") => ("Nous ne savons pas lire ce type de fichier vidéo.", "Enregistrez-la ou exportez-la en MP4 ou WebM, puis envoyez-la à nouveau."),
        (Lang::Fr, "no_video_stream") => ("Le fichier contient du son mais pas d'image.", "Vérifiez que votre caméra est allumée et autorisée dans votre navigateur, puis enregistrez à nouveau."),
        (Lang::Fr, "too_short") => ("Votre vidéo est plus courte que ce que demande cette consigne.", "Enregistrez une réponse un peu plus longue et envoyez-la à nouveau."),
        (Lang::Fr, "too_long") => ("Votre vidéo dépasse la durée autorisée pour cette consigne.", "Coupez-la, ou enregistrez une réponse plus courte qui respecte la limite, puis envoyez-la à nouveau."),
        (Lang::Fr, "too_large") => ("Votre vidéo est trop lourde\u{a0}: le fichier ou la taille de l'image dépasse notre limite.", "Enregistrez à nouveau en plus basse résolution (720p suffit) ou exportez un fichier plus léger, puis envoyez-le à nouveau."),
        (Lang::Fr, "too_small") => ("L'image de votre vidéo est trop petite pour être affichée correctement.", "Enregistrez à nouveau avec une résolution de caméra plus élevée."),
        (Lang::Fr, "corrupt") => ("Votre fichier vidéo est endommagé et ne peut pas être lu.", "Cela arrive souvent quand un enregistrement ou un envoi est interrompu. Enregistrez à nouveau, ou renvoyez le fichier d'origine."),
        (Lang::Fr, "timeout") => ("Le traitement de votre vidéo a pris trop de temps.", "Une vidéo plus courte ou plus légère passe généralement. Merci de réessayer."),
        (Lang::Fr, "internal_error") => ("Un problème est survenu de notre côté pendant le traitement de votre vidéo.", "Vous n'y êtes pour rien. Envoyez-la à nouveau\u{a0}; si cela se reproduit, prévenez votre équipe d'animation."),
        (Lang::Fr, _) => ("Nous n'avons pas pu traiter votre vidéo.", "Enregistrez-la ou envoyez-la à nouveau\u{a0}; si cela se reproduit, prévenez votre équipe d'animation."),
        (Lang::De, "not_a_video") => ("Die gesendete Datei ist kein Video.", "Nehmen Sie Ihre Antwort erneut auf oder wählen Sie eine Videodatei, zum Beispiel MP4, MOV oder WebM."),
        (Lang::De, "unsupported_container") => ("Dieses Videoformat können wir nicht lesen.", "Speichern oder exportieren Sie es als MP4 oder WebM und laden Sie es erneut hoch."),
        (Lang::De, "no_video_stream") => ("Die Datei enthält Ton, aber kein Bild.", "Prüfen Sie, ob Ihre Kamera eingeschaltet und im Browser erlaubt ist, und nehmen Sie erneut auf."),
        (Lang::De, "too_short") => ("Ihr Video ist kürzer, als diese Aufgabe verlangt.", "Nehmen Sie eine etwas längere Antwort auf und laden Sie sie erneut hoch."),
        (Lang::De, "too_long") => ("Ihr Video ist länger als für diese Aufgabe erlaubt.", "Kürzen Sie es oder nehmen Sie eine kürzere Antwort auf, die in die Zeitgrenze passt, und laden Sie sie erneut hoch."),
        (Lang::De, "too_large") => ("Ihr Video ist zu groß: Die Datei oder die Bildgröße überschreitet unser Limit.", "Nehmen Sie mit geringerer Auflösung auf (720p reicht) oder exportieren Sie eine kleinere Datei und laden Sie sie erneut hoch."),
        (Lang::De, "too_small") => ("Das Bild Ihres Videos ist zu klein, um gut angezeigt zu werden.", "Nehmen Sie mit einer höheren Kameraauflösung erneut auf."),
        (Lang::De, "corrupt") => ("Ihre Videodatei ist beschädigt und lässt sich nicht abspielen.", "Das passiert oft, wenn eine Aufnahme oder ein Upload unterbrochen wird. Nehmen Sie erneut auf oder laden Sie die Originaldatei noch einmal hoch."),
        (Lang::De, "timeout") => ("Die Verarbeitung Ihres Videos hat zu lange gedauert.", "Ein kürzeres oder kleineres Video klappt meistens. Bitte versuchen Sie es erneut."),
        (Lang::De, "internal_error") => ("Bei der Verarbeitung Ihres Videos ist auf unserer Seite etwas schiefgelaufen.", "Das liegt nicht an Ihnen. Bitte laden Sie es erneut hoch; wenn es wieder passiert, sagen Sie Ihrer Moderation Bescheid."),
        (Lang::De, _) => ("Wir konnten Ihr Video nicht verarbeiten.", "Bitte nehmen Sie es erneut auf oder laden Sie es noch einmal hoch; wenn es wieder passiert, sagen Sie Ihrer Moderation Bescheid."),
    }
}

pub(super) fn video_rejected(
    l: Lang,
    prompt: &str,
    reason: &str,
    url: &str,
    limits: (Option<u32>, Option<u32>),
) -> Content {
    let q = l.quoted(prompt);
    let (subject, label, why) = match l {
        Lang::En => (format!("We couldn't use your video for {q}"), "Upload a new video", WHY_LEARNER_EN),
        Lang::Fr => {
            (format!("Nous n'avons pas pu utiliser votre vidéo pour {q}"), "Envoyer une nouvelle vidéo", WHY_LEARNER_FR)
        }
        Lang::De => (format!("Wir konnten Ihr Video zu {q} nicht verwenden"), "Neues Video hochladen", WHY_LEARNER_DE),
    };
    let (what, next) = duration_reason(l, reason, limits).unwrap_or_else(|| {
        let (what, next) = rejection_reason(l, reason);
        (what.to_owned(), next.to_owned())
    });
    let mut c = Content::new(subject, (label, url), why.to_owned());
    c.paragraphs.push(what);
    c.paragraphs.push(next);
    c
}
