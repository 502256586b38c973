# Die E-Mails von Crosstalk: Deutsch. Alle Schlüssel beginnen mit mail-; die Texte der Seiten
# stehen in web/i18n/de/main.ftl.

## Alle E-Mails

mail-hello = Hallo { $name },
mail-hello-anonymous = Hallo,
mail-signature = Ihr Crosstalk-Team
mail-link-fallback = Falls der Button nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:
mail-unsubscribe-question = Sie möchten diese E-Mails nicht mehr erhalten?
mail-unsubscribe = Abmelden
mail-colon = :
mail-why-learner = Sie erhalten diese E-Mail, weil Sie an einem Crosstalk-Kurs teilnehmen.
mail-why-facilitator = Sie erhalten diese E-Mail, weil Sie „{ $course }“ moderieren.

## Eine Antwort auf Ihr Video

mail-reply-subject = { $replier } hat auf Ihr Video geantwortet
mail-reply-line = { $replier } hat auf Ihr Video zu „{ $prompt }“ geantwortet.
mail-reply-lead = { $replier } schreibt:
mail-reply-action = Antwort ansehen

## Ihr Video ist fertig

mail-ready-subject = Ihr Video ist fertig
mail-ready-line = Ihr Video zu „{ $prompt }“ ist fertig, und die anderen in Ihrer Gruppe können es jetzt ansehen.
mail-ready-line-pending = Ihr Video zu „{ $prompt }“ ist fertig. Die Moderation sieht es sich an, bevor die anderen in Ihrer Gruppe es sehen können; wir geben Ihnen Bescheid.
mail-ready-action = Video ansehen

## Ihr Video konnte nicht verwendet werden: was nicht stimmt, dann was zu tun ist

mail-rejected-subject = Wir konnten Ihr Video zu „{ $prompt }“ nicht verwenden
mail-rejected-action = Neues Video hochladen
mail-duration =
    { $unit ->
        [minutes]
            { $n ->
                [1] eine Minute
               *[other] { $n } Minuten
            }
       *[seconds]
            { $n ->
                [1] eine Sekunde
               *[other] { $n } Sekunden
            }
    }
mail-rejected-too_short-limit = Ihr Video ist kürzer als { mail-duration }, die Mindestlänge für diese Aufgabe.
mail-rejected-too_short-limit-next = Nehmen Sie eine Antwort von mindestens { mail-duration } auf und laden Sie sie erneut hoch.
mail-rejected-too_long-limit = Ihr Video ist länger als { mail-duration }, die Höchstlänge für diese Aufgabe.
mail-rejected-too_long-limit-next = Kürzen Sie es auf höchstens { mail-duration } oder nehmen Sie eine kürzere Antwort auf und laden Sie sie erneut hoch.
mail-rejected-not_a_video = Die gesendete Datei ist kein Video.
mail-rejected-not_a_video-next = Nehmen Sie Ihre Antwort erneut auf oder wählen Sie eine Videodatei, zum Beispiel MP4, MOV oder WebM.
mail-rejected-unsupported_container = Dieses Videoformat können wir nicht lesen.
mail-rejected-unsupported_container-next = Speichern oder exportieren Sie es als MP4 oder WebM und laden Sie es erneut hoch.
mail-rejected-no_video_stream = Die Datei enthält Ton, aber kein Bild.
mail-rejected-no_video_stream-next = Prüfen Sie, ob Ihre Kamera eingeschaltet und im Browser erlaubt ist, und nehmen Sie erneut auf.
mail-rejected-too_short = Ihr Video ist kürzer, als diese Aufgabe verlangt.
mail-rejected-too_short-next = Nehmen Sie eine etwas längere Antwort auf und laden Sie sie erneut hoch.
mail-rejected-too_long = Ihr Video ist länger als für diese Aufgabe erlaubt.
mail-rejected-too_long-next = Kürzen Sie es oder nehmen Sie eine kürzere Antwort auf, die in die Zeitgrenze passt, und laden Sie sie erneut hoch.
mail-rejected-too_large = Ihr Video ist zu groß: Die Datei oder die Bildgröße überschreitet unser Limit.
mail-rejected-too_large-next = Nehmen Sie mit geringerer Auflösung auf (720p reicht) oder exportieren Sie eine kleinere Datei und laden Sie sie erneut hoch.
mail-rejected-too_small = Das Bild Ihres Videos ist zu klein, um gut angezeigt zu werden.
mail-rejected-too_small-next = Nehmen Sie mit einer höheren Kameraauflösung erneut auf.
mail-rejected-corrupt = Ihre Videodatei ist beschädigt und lässt sich nicht abspielen.
mail-rejected-corrupt-next = Das passiert oft, wenn eine Aufnahme oder ein Upload unterbrochen wird. Nehmen Sie erneut auf oder laden Sie die Originaldatei noch einmal hoch.
mail-rejected-timeout = Die Verarbeitung Ihres Videos hat zu lange gedauert.
mail-rejected-timeout-next = Ein kürzeres oder kleineres Video klappt meistens. Bitte versuchen Sie es erneut.
mail-rejected-internal_error = Bei der Verarbeitung Ihres Videos ist auf unserer Seite etwas schiefgelaufen.
mail-rejected-internal_error-next = Das liegt nicht an Ihnen. Bitte laden Sie es erneut hoch; wenn es wieder passiert, sagen Sie Ihrer Moderation Bescheid.
mail-rejected-other = Wir konnten Ihr Video nicht verarbeiten.
mail-rejected-other-next = Bitte nehmen Sie es erneut auf oder laden Sie es noch einmal hoch; wenn es wieder passiert, sagen Sie Ihrer Moderation Bescheid.

## Die Moderation hat über Ihr Video entschieden

mail-decided-subject =
    { $action ->
        [approve] Ihr Video zu „{ $prompt }“ wurde freigegeben
        [hide] Ihr Video zu „{ $prompt }“ wurde ausgeblendet
        [remove] Ihr Video zu „{ $prompt }“ wurde entfernt
        [restore] Ihr Video zu „{ $prompt }“ ist wieder sichtbar
       *[other] Ihr Video zu „{ $prompt }“ wurde geprüft
    }
mail-decided-line =
    { $action ->
        [approve] Die Moderation hat Ihr Video freigegeben. Die anderen in Ihrer Gruppe können es jetzt ansehen.
        [hide] Die Moderation hat Ihr Video ausgeblendet. Es wird Ihrer Gruppe nicht mehr gezeigt, wurde aber nicht gelöscht.
        [remove] Die Moderation hat Ihr Video entfernt. Es wird niemandem in Ihrer Gruppe mehr gezeigt.
        [restore] Die Moderation hat Ihr Video wiederhergestellt. Ihre Gruppe kann es wieder ansehen.
       *[other] Die Moderation hat Ihr Video geprüft.
    }
mail-decided-lead = Die Begründung dieser Entscheidung:
mail-decided-appeal = Wenn Sie das für einen Fehler halten, wenden Sie sich an Ihre Moderation.
mail-decided-action = Beitrag ansehen

## Die Übersicht der Moderationswarteschlange

mail-digest-subject-empty = { $course }: nichts zu prüfen
mail-digest-subject =
    { $course }: { $pending ->
        [one] { $pending } Video
       *[other] { $pending } Videos
    } zu prüfen, { $flagged } gemeldet
mail-digest-intro = Das wartet in der Moderationswarteschlange von „{ $course }“.
mail-digest-action = Warteschlange öffnen
mail-digest-waiting = Warten auf Freigabe: { $count }
mail-digest-flagged = Von Mitgliedern gemeldet: { $count }
mail-digest-cohort = { $cohort }: { $pending } wartend, { $flagged } gemeldet
# „seit …“ verlangt den Dativ.
mail-digest-oldest =
    Der älteste Eintrag wartet seit { $unit ->
        [none] weniger als einer Stunde
        [hours]
            { $n ->
                [one] { $n } Stunde
               *[other] { $n } Stunden
            }
       *[days]
            { $n ->
                [one] { $n } Tag
               *[other] { $n } Tagen
            }
    }.

## Eine Erinnerung an eine Aufgabe

mail-nudge-subject = Erinnerung: „{ $prompt }“ wartet auf Ihr Video
mail-nudge-default = Ihre Gruppe freut sich darauf, von Ihnen zu hören. Nehmen Sie eine kurze Videoantwort zu „{ $prompt }“ auf.
mail-nudge-action = Antwort aufnehmen
mail-nudge-closes = Die Aufgabe endet am { mail-date }.
mail-date = { $day }. { mail-month } { $year } um { $time } UTC
mail-month =
    { $month ->
        [1] Januar
        [2] Februar
        [3] März
        [4] April
        [5] Mai
        [6] Juni
        [7] Juli
        [8] August
        [9] September
        [10] Oktober
        [11] November
       *[12] Dezember
    }
