# Crosstalk-Seiten: Deutsch.

app-name = Crosstalk
home-text = Bei Crosstalk beantwortet deine Kursgruppe Aufgaben mit kurzen Videos. Um hineinzukommen, öffne den Anmeldelink, den dir das Kursteam geschickt hat.
skip-to-content = Zum Inhalt springen
nav-label = Hauptmenü
nav-course = Kursübersicht
nav-my-posts = Meine Beiträge
nav-sign-out = Abmelden
lang-nav-label = Sprache
lang-en = English
lang-fr = Français
lang-de = Deutsch
lang-es = Español
lang-it = Italiano
lang-ar = العربية

## Anmeldung

signin-used-title = Dieser Link wurde bereits verwendet
signin-used-text = Jeder Anmeldelink funktioniert nur einmal. Bitte das Kursteam um einen neuen Link.
signin-expired-title = Dieser Link ist abgelaufen
signin-expired-text = Anmeldelinks gelten nur eine begrenzte Zeit. Bitte das Kursteam um einen neuen Link.
signin-unknown-title = Dieser Link funktioniert nicht
signin-unknown-text = Wir kennen diesen Anmeldelink nicht. Prüfe, ob du ihn vollständig kopiert hast, oder bitte das Kursteam um einen neuen.
signed-out-title = Du bist abgemeldet
signed-out-text = Um zurückzukommen, öffne einen neuen Anmeldelink vom Kursteam.

## Fehler

error-not-found-title = Seite nicht gefunden
error-signed-out-title = Bitte melde dich an
error-csrf-title = Dieses Formular ist abgelaufen
error-refused-title = Das hat nicht geklappt
error-internal-title = Etwas ist schiefgelaufen
error-generic = Etwas ist schiefgelaufen. Bitte versuche es noch einmal.
error-not_found = Diese Seite gibt es nicht, oder du kannst sie nicht sehen.
error-signed_out = Deine Sitzung ist beendet. Öffne deinen Anmeldelink erneut.
error-csrf_failed = Zu deiner Sicherheit wurde diese Anfrage abgelehnt. Geh zurück, lade die Seite neu und versuche es noch einmal.
error-internal_error = Bei uns ist etwas schiefgelaufen. Bitte versuche es gleich noch einmal.
error-upload_incomplete = Dein Video ist noch nicht vollständig hochgeladen.
error-unknown_upload = Wir finden dein hochgeladenes Video nicht. Bitte sende es noch einmal.
error-upload_empty = Die Videodatei ist leer. Bitte nimm erneut auf.
error-upload_already_posted = Dieses Video wurde bereits gesendet.
error-prompt_closed = Diese Aufgabe nimmt keine Antworten mehr an.
error-prompt_not_open = Diese Aufgabe nimmt noch keine Antworten an.
error-muted = Eine Moderatorin oder ein Moderator hat deine Beiträge in diesem Kurs pausiert.
error-already_flagged = Du hast diesen Beitrag bereits gemeldet. Die Moderation sieht ihn sich an.
error-own_post = Du kannst deinen eigenen Beitrag nicht melden. Du kannst ihn aber löschen.
error-not_flaggable = Nur veröffentlichte Beiträge können gemeldet werden.
error-parent_not_visible = Du kannst nur auf einen veröffentlichten Beitrag antworten.
error-reply_too_deep = In diesem Gespräch sind keine weiteren Antwortebenen möglich.
error-invalid_body = Die Anfrage wurde nicht verstanden. Lade die Seite neu und versuche es noch einmal.
error-malformed_json = Die Anfrage wurde nicht verstanden. Lade die Seite neu und versuche es noch einmal.
error-invalid_reason = Bitte wähle einen Grund.
error-author_only = Nur die Person, die den Beitrag erstellt hat, kann ihn löschen.
error-validation_failed = Eine Eingabe ist ungültig. Bitte prüfe sie und versuche es noch einmal.
error-too_many_uploads = Du hast zu viele unfertige Uploads. Schließe zuerst einen ab oder brich ihn ab.
error-rate_limited = Du hast das in kurzer Zeit sehr oft getan. Warte bitte ein paar Minuten und versuche es dann erneut.

## Kursübersicht

course-welcome = Willkommen, { $name }.
course-empty = In diesem Kurs gibt es noch nichts.
course-answered = Beantwortet
course-not-yet = Noch nicht beantwortet

## Aufgabenseite

prompt-opens-on = Öffnet am { $date }
prompt-open-until = Offen bis { $date }
prompt-closed-on = Geschlossen am { $date }
prompt-seconds = Antworte in { $min } bis { $max } Sekunden.
prompt-my-answer = Deine Antwort
prompt-not-open-yet = Diese Aufgabe ist noch nicht geöffnet.
prompt-cohort-threads = Antworten aus deiner Gruppe
prompt-no-threads = Noch hat niemand geantwortet.
pager-label = Seiten
pager-first = Neueste Antworten
pager-more = Ältere Antworten

## Gesprächsseite

thread-title = Antwort von { $name }
thread-replies = { $count ->
    [0] Keine Antworten
    [one] 1 Antwort
   *[other] { $count } Antworten
}
thread-new = Neu

## Beiträge

post-deleted = Gelöschter Beitrag
post-you = du
post-statement = Begründung der Moderation:
post-delete = Löschen
video-by = Video von { $name }
video-processing = Dieses Video wird vorbereitet.
state-processing = Wird vorbereitet
state-pending = Wartet auf die Moderation
state-hidden = Von der Moderation ausgeblendet
state-removed = Von der Moderation entfernt
state-deleted = Gelöscht
state-rejected = Nicht angenommen
notice-flagged = Danke. Die Moderation sieht sich diesen Beitrag an.
notice-deleted = Dein Beitrag wurde gelöscht.

## Einen Beitrag melden

flag-open = Melden
flag-reason = Warum meldest du diesen Beitrag?
flag-choose = Wähle einen Grund
flag-note = Was die Moderation noch wissen sollte (optional)
flag-send = Meldung senden
flag-reason-offensive = Anstößig
flag-reason-harassment = Belästigung oder Mobbing
flag-reason-hate = Hass
flag-reason-spam = Spam oder Werbung
flag-reason-off-topic = Themenfremd
flag-reason-privacy = Gibt private Informationen preis
flag-reason-self-harm = Jemand ist vielleicht in Gefahr
flag-reason-other = Etwas anderes

## Warum ein Video nicht angenommen wurde

reason-not-a-video = Diese Datei ist kein Video. Bitte nimm ein Video auf oder wähle eine Videodatei.
reason-unsupported-container = Dieses Videoformat wird nicht unterstützt. Bitte nimm mit der Kamera deines Handys oder auf dieser Seite auf.
reason-no-video-stream = Diese Datei hat Ton, aber kein Bild. Bitte nimm ein Video auf.
reason-too-short = Dieses Video ist kürzer, als die Aufgabe verlangt. Bitte nimm eine längere Antwort auf.
reason-too-long = Dieses Video ist länger, als die Aufgabe erlaubt. Bitte nimm eine kürzere Antwort auf.
reason-too-large = Das Bild dieses Videos ist zu groß. Bitte nimm in normaler Handy-Auflösung auf.
reason-too-small = Das Bild dieses Videos ist zu klein zum Anschauen. Bitte nimm erneut auf.
reason-corrupt = Diese Videodatei ist beschädigt. Bitte lade sie erneut hoch oder nimm eine neue auf.
reason-timeout = Die Vorbereitung dieses Videos hat zu lange gedauert. Versuche eine kürzere Aufnahme.
reason-internal-error = Bei der Vorbereitung dieses Videos ist bei uns etwas schiefgelaufen. Wir kümmern uns darum.

## Meine Beiträge

my-posts-title = Meine Beiträge
my-posts-empty = Du hast noch nichts veröffentlicht.
my-posts-open-thread = Gespräch öffnen

## Aufnahme

rec-heading-answer = Nimm deine Antwort auf
rec-heading-reply = Antworte mit einem Video
rec-needs-js = Zum Aufnehmen und Senden eines Videos wird JavaScript benötigt. Bitte aktiviere es oder nutze einen anderen Browser.
rec-record = Aufnehmen
rec-stop = Stopp
rec-retake = Neu aufnehmen
rec-send = Senden
rec-cancel = Abbrechen
rec-preview = Vorschau
rec-switch-camera = Kamera wechseln
rec-camera-front = Frontkamera
rec-camera-back = Rückkamera
rec-hide-self-view = Eigenes Bild ausblenden
rec-show-self-view = Eigenes Bild einblenden
rec-self-view-hidden = Dein Bild ist ausgeblendet. Die Aufnahme läuft weiter.
rec-recording = Aufnahme läuft
rec-time-elapsed = Aufgenommene Zeit
rec-time-limit = Grenze: { $max } Sekunden
rec-starting-camera = Kamera wird gestartet…
rec-uploading = Wird hochgeladen…
rec-upload-paused = Upload pausiert. Er geht weiter, sobald du wieder online bist.
rec-resuming = Dein Upload wird fortgesetzt…
rec-processing = Wird vorbereitet…
rec-ready = Dein Video ist fertig
rec-view-post = Deinen Beitrag ansehen
rec-rejected = Dein Video wurde nicht angenommen
rec-failed = Bei uns ist etwas schiefgelaufen
rec-retry = Erneut versuchen
rec-record-again = Neu aufnehmen
rec-pick-file = Videodatei auswählen
rec-or-pick-file = Oder wähle eine Videodatei
rec-no-camera = Keine Kamera verfügbar. Du kannst stattdessen eine Videodatei wählen.
rec-permission-denied = Die Kamera ist blockiert. Erlaube sie in den Browsereinstellungen oder wähle eine Videodatei.
rec-not-supported = Dieser Browser kann keine Videos aufnehmen. Du kannst stattdessen eine Videodatei wählen.
rec-offline = Du bist offline. Der Upload geht weiter, sobald du wieder online bist.
rec-online = Du bist wieder online.
rec-too-short = Nimm mindestens { $min } Sekunden auf.
rec-too-long = Dieses Video ist länger als { $max } Sekunden.
rec-max-reached = Du hast die Grenze von { $max } Sekunden erreicht. Die Aufnahme wurde beendet.
rec-error = Etwas ist schiefgelaufen. Bitte versuche es noch einmal.
rec-text-label = Ein paar Worte zu deinem Video (optional)
rec-sent = Gesendet
rec-progress = Fortschritt
# console (facilitator console pages; keep every key in all six languages)
nav-console = Konsole
nav-console-queue = Moderationswarteschlange
notice-decided = Entscheidung gespeichert.
notice-nudged = Erinnerungen gesendet.
notice-muted = Die lernende Person ist stummgeschaltet.
notice-unmuted = Die lernende Person kann wieder posten.
console-overview-title = Moderationskonsole
console-queue-waiting =
    { $count ->
        [one] 1 Beitrag wartet
       *[other] { $count } Beiträge warten
    }
console-queue-waiting-many = Mehr als { $count } Beiträge warten
console-no-cohorts = Sie betreuen keine Kohorte dieses Kurses.
console-cohort-pages = Seiten deiner Kohorten
console-cohorts-shown = Kohorten { $from }–{ $to } von { $total }
console-prompts-caption = Antworten und Reaktionen je Aufgabe
console-col-prompt = Aufgabe
console-col-answered = Geantwortet
console-col-not-answered = Noch nicht geantwortet
console-col-not-replied = Noch nicht reagiert
console-col-lonely = Antworten ohne Reaktion
console-lonely-link = Antwort { $n }
console-learners-caption = Lernende und ihre letzte Aktivität
console-col-learner = Lernende Person
console-col-posts = Antworten
console-col-replies = Reaktionen
console-col-last-activity = Letzte Aktivität
console-idle = Noch nichts
console-never = Nie
console-queue-title = Moderationswarteschlange
console-back-overview = Zurück zur Übersicht
console-keys-hint = Drücken Sie ? für Tastenkürzel.
console-filter-cohort = Kohorte
console-filter-prompt = Aufgabe
console-filter-reason = Meldegrund
console-filter-all = Alle
console-filter-apply = Filtern
console-queue-empty = Nichts wartet auf eine Entscheidung.
console-item-heading = { $author } zu „{ $prompt }“
console-open-thread = Unterhaltung öffnen
console-in-reply-to = Antwort an { $author }:
console-flags = Meldungen
console-flag-count = { $reason }: { $count }
console-history = Verlauf der Person: { $removals } entfernte Beiträge, { $mutes } Stummschaltungen
console-muted-now = Stummgeschaltet
console-reason = Grund
console-statement = Begründung (die Person sieht sie)
console-next-page = Nächste Seite
console-keys-title = Tastenkürzel
console-key-next-prev = Nächster / vorheriger Beitrag
console-key-reason = Einen Grund wählen
console-key-help = Diese Hilfe anzeigen
console-close = Schließen
console-action-approve = Freigeben
console-action-hide = Ausblenden
console-action-remove = Entfernen
console-action-restore = Wiederherstellen
console-state-processing = In Verarbeitung
console-state-pending = Wartet auf Freigabe
console-state-visible = Veröffentlicht, gemeldet
console-state-hidden = Ausgeblendet
console-state-removed = Entfernt
console-state-deleted = Von der Person gelöscht
console-state-rejected = Nicht angenommen
console-statement-offensive = Ihr Beitrag wurde als beleidigend für andere Teilnehmende eingestuft.
console-statement-harassment = Ihr Beitrag richtet sich gegen eine andere Person; Belästigung ist nicht erlaubt.
console-statement-hate = Ihr Beitrag enthält hasserfüllte Inhalte, die nicht erlaubt sind.
console-statement-spam = Ihr Beitrag wirkt wie Spam oder Werbung.
console-statement-off-topic = Ihr Beitrag beantwortet die Aufgabe nicht.
console-statement-privacy = Ihr Beitrag teilt private Informationen über jemanden.
console-statement-self-harm = Ihr Beitrag beunruhigt uns; eine betreuende Person meldet sich bei Ihnen.
console-statement-other = Eine betreuende Person hat Ihren Beitrag geprüft.
console-already-decided-title = Bereits entschieden
console-already-decided = Eine andere betreuende Person war schneller; Ihre Entscheidung wurde nicht angewendet. ({ $detail })
console-notice-decided = Entscheidung gespeichert.
console-js-failed = Die Entscheidung konnte nicht gesendet werden. Bitte erneut versuchen.
console-nudges-title = Erinnerungen
console-nudges-link = Lernende erinnern
console-nudge-message = Nachricht (vor dem Senden änderbar)
console-nudge-all = Alle erinnern, die nicht geantwortet haben
console-nudge-one = { $name } erinnern
console-nudged-at = Erinnert am { $when }
console-not-nudged = Nicht erinnert
console-nudge-none = Alle in Ihren Kohorten haben geantwortet.
console-nudge-rule = Jede Person wird pro Aufgabe höchstens einmal am Tag erinnert.
console-nudge-sent =
    { $count ->
        [one] 1 Erinnerung gesendet.
       *[other] { $count } Erinnerungen gesendet.
    }
console-mute = Stummschalten
console-unmute = Stummschaltung aufheben
console-mute-reason = Grund (im Protokoll gespeichert)
console-unmute-reason = Warum darf die Person wieder posten? (im Protokoll gespeichert)
console-audit-title = Moderationsprotokoll
console-filter-actor = Wer
console-filter-action = Aktion
console-export-csv = Als CSV exportieren
console-col-when = Wann
console-col-subject = Betroffen
console-course-team = das Kursteam
console-audit-empty = Noch nichts protokolliert.

# lti
lti-login-refused-title = Dieses Werkzeug konnte nicht geöffnet werden
lti-login-refused-text = Deine Lernplattform wollte Crosstalk öffnen, aber die Anfrage kann nicht angenommen werden. Bitte das Kursteam, die Einstellungen des Werkzeugs zu prüfen.
lti-launch-refused-title = Die Anmeldung aus deinem Kurs wurde abgelehnt
lti-launch-refused-text = Crosstalk konnte nicht bestätigen, dass die Anfrage von deiner Kursplattform kam; du bist daher nicht angemeldet. Geh zurück in deinen Kurs und öffne die Aktivität erneut.
lti-cookies-blocked-title = Dein Browser hat die Anmeldung in der Kursseite blockiert
lti-cookies-blocked-text = Dein Browser erlaubt Crosstalk nicht, die Anmeldung innerhalb der Kursseite zu behalten. Öffne es in einem neuen Tab, um fortzufahren.
lti-open-new-tab = In neuem Tab öffnen
lti-storage-title = Crosstalk wird geöffnet …
lti-storage-text = Deine Anmeldung wird mit deiner Kursplattform geprüft. Das dauert einen Moment.
lti-continue = Weiter
lti-session-blocked-title = In einem neuen Tab weitermachen
lti-session-blocked-text = Du bist angemeldet, aber dein Browser erlaubt Crosstalk nicht, die Anmeldung innerhalb der Kursseite zu behalten. Öffne es in einem neuen Tab, um fortzufahren.
lti-reason = Grund: { $reason }
lti-deep-link-title = Wähle eine Aufgabe für deinen Kurs
lti-deep-link-text = Die gewählte Aufgabe öffnet sich direkt, wenn Lernende dem Link in deinem Kurs folgen.
lti-deep-link-choose = Aufgabe
lti-deep-link-none = Dieser Kurs hat noch keine Aufgaben. Lege zuerst Module und Aufgaben an.
lti-deep-link-add = Zum Kurs hinzufügen
lti-deep-link-return = Zurück zur Kursplattform
lti-deep-link-send = An die Kursplattform senden
lti-deep-link-staff-only-title = Nur das Kursteam kann Aktivitäten hinzufügen
lti-deep-link-staff-only-text = Crosstalk-Aufgaben zu einem Kurs hinzuzufügen ist Lehrenden und Tutorinnen und Tutoren vorbehalten.

# own data (issue 14: captions, download, erasure, chosen names; keep every key in all six languages)
captions-available = Untertitel:
captions-how = Schalte die Untertitel mit der CC-Taste des Videoplayers ein.
notice-name-saved = Dein Name wurde gespeichert.
form-error-summary = Es gibt ein Problem
own-data-heading = Deine Daten
own-export-text = Lade alles herunter, was du in diesem Kurs veröffentlicht hast: deine Videos, ihre Untertitel und eine Liste deiner Beiträge mit den Antworten, die du bekommen hast.
own-export-button = Meine Videos herunterladen
own-export-first = Zuerst meine Videos herunterladen
own-name-link = Den Namen wählen, den andere Teilnehmende sehen
own-erase-link = Mein Konto in diesem Kurs löschen
erase-title = Dein Konto in diesem Kurs löschen
erase-title-error = Fehler: Dein Konto in diesem Kurs löschen
erase-intro = Damit wird gelöscht, was du in { $course } geteilt hast.
erase-deleted-heading = Was gelöscht wird
erase-deleted-videos = Jedes Video, das du aufgenommen oder hochgeladen hast, mit Untertiteln und Bildern.
erase-deleted-texts = Die Texte, die du zu deinen Beiträgen geschrieben hast.
erase-deleted-personal = Dein Name, deine E-Mail-Adresse, dein Land und deine Sprachen.
erase-deleted-mail = E-Mails, die noch an dich verschickt werden sollten.
erase-kept-heading = Was bleibt
erase-kept-text = Antworten anderer bleiben in den Gesprächen. Deine Beiträge bleiben dort als gelöschte Beiträge ohne deinen Namen, damit die Antworten verständlich bleiben.
erase-final = Das kann nicht rückgängig gemacht werden.
erase-confirm-label = Ich verstehe, dass meine Videos und mein Konto in { $course } endgültig gelöscht werden.
erase-confirm-missing = Kreuze das Kästchen an, um zu bestätigen, dass du dein Konto löschen willst.
erase-submit = Mein Konto löschen
erase-cancel = Konto behalten und zurück
erase-started-title = Dein Konto wird gelöscht
erase-started-intro = Wir löschen dein Konto in { $course }. Das dauert ein paar Minuten. Wir löschen:
erase-started-signed-out = Du wurdest abgemeldet.
name-title = Der Name, den andere Teilnehmende sehen
name-title-error = Fehler: Der Name, den andere Teilnehmende sehen
name-intro = In diesem Kurs kannst du anderen Teilnehmenden unter einem selbst gewählten Namen erscheinen. Betreuende und das Kursteam sehen weiterhin deinen Namen aus der Kursliste.
name-roster = Dein Name in der Kursliste: { $name }
name-current = Andere Teilnehmende sehen dich jetzt als: { $name }
name-label = Dein Name für andere Teilnehmende
name-hint = Höchstens { $max } Zeichen. Verwende nicht den Namen einer anderen Person.
name-save = Speichern
name-remove = Meinen Namen aus der Kursliste verwenden
error-invalid_pseudonym = Gib einen Namen mit 1 bis 40 Zeichen ein.
error-pseudonym_taken = Jemand in diesem Kurs verwendet diesen Namen schon. Wähle einen anderen.
error-pseudonyms_off = Dieser Kurs verwendet keine selbst gewählten Namen.
error-learners_only = Nur Teilnehmende können einen Namen wählen.

# dependencies down (issue 15): pages say so with 503/507, not "something went wrong"
error-unavailable-title = Bitte versuche es gleich noch einmal
error-database_unavailable = Unsere Datenbank ist gerade nicht erreichbar. Nichts von dem, was du gesendet hast, ist verloren: Versuche es gleich noch einmal.
error-store_unavailable = Unser Videospeicher ist gerade nicht erreichbar. Nichts von dem, was du gesendet hast, ist verloren: Versuche es gleich noch einmal.
error-insufficient_storage = Unser Server hat gerade keinen Platz dafür. Was schon gesendet wurde, bleibt erhalten: Versuche es später noch einmal.
