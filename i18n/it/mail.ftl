# Le email di Crosstalk: italiano. Tutte le chiavi iniziano con mail-; i testi delle pagine
# sono in web/i18n/it/main.ftl.

## Tutte le email

mail-hello = Ciao { $name },
mail-hello-anonymous = Ciao,
mail-signature = Il team di Crosstalk
mail-link-fallback = Se il pulsante non funziona, copia questo link nel tuo browser:
mail-unsubscribe-question = Non vuoi più ricevere queste email?
mail-unsubscribe = Annulla l’iscrizione
mail-colon = :
mail-why-learner = Ricevi questa email perché partecipi a un corso Crosstalk.
mail-why-facilitator = Ricevi questa email perché moderi «{ $course }».

## Qualcuno ha risposto al tuo video

mail-reply-subject = { $replier } ha risposto al tuo video
mail-reply-line = { $replier } ha risposto al tuo video per «{ $prompt }».
mail-reply-lead = { $replier } ha scritto:
mail-reply-action = Vedi la risposta

## Il tuo video è pronto

mail-ready-subject = Il tuo video è pronto
mail-ready-line = Il tuo video per «{ $prompt }» è pronto, e gli altri del tuo gruppo ora possono guardarlo.
mail-ready-line-pending = Il tuo video per «{ $prompt }» è pronto. La moderazione lo guarderà prima che gli altri del tuo gruppo possano vederlo; ti faremo sapere.
mail-ready-action = Guarda il tuo video

## Non abbiamo potuto usare il tuo video: cosa non va, poi cosa fare

mail-rejected-subject = Non abbiamo potuto usare il tuo video per «{ $prompt }»
mail-rejected-action = Carica un nuovo video
mail-duration =
    { $unit ->
        [minutes]
            { $n ->
                [1] un minuto
               *[other] { $n } minuti
            }
       *[seconds]
            { $n ->
                [1] un secondo
               *[other] { $n } secondi
            }
    }
mail-rejected-too_short-limit = Il tuo video dura meno di { mail-duration }, la durata minima che questa consegna accetta.
mail-rejected-too_short-limit-next = Registra una risposta di almeno { mail-duration } e caricala di nuovo.
mail-rejected-too_long-limit = Il tuo video dura più di { mail-duration }, la durata massima che questa consegna accetta.
mail-rejected-too_long-limit-next = Taglialo a { mail-duration } o meno, oppure registra una risposta più breve, poi caricalo di nuovo.
mail-rejected-not_a_video = Il file che hai inviato non è un video.
mail-rejected-not_a_video-next = Registra di nuovo la tua risposta, oppure scegli un file video come MP4, MOV o WebM.
mail-rejected-unsupported_container = Non riusciamo a leggere questo tipo di file video.
mail-rejected-unsupported_container-next = Salvalo o esportalo in MP4 o WebM, poi caricalo di nuovo.
mail-rejected-no_video_stream = Il file ha l’audio ma non l’immagine.
mail-rejected-no_video_stream-next = Controlla che la fotocamera sia accesa e consentita nel browser, poi registra di nuovo.
mail-rejected-too_short = Il tuo video è più corto di quanto chiede questa consegna.
mail-rejected-too_short-next = Registra una risposta un po’ più lunga e caricala di nuovo.
mail-rejected-too_long = Il tuo video supera il tempo consentito per questa consegna.
mail-rejected-too_long-next = Taglialo, oppure registra una risposta più breve che rientri nel limite, poi caricalo di nuovo.
mail-rejected-too_large = Il tuo video è troppo grande: il file o la dimensione dell’immagine supera il nostro limite.
mail-rejected-too_large-next = Registra di nuovo a una risoluzione più bassa (720p basta) o esporta un file più piccolo, poi caricalo di nuovo.
mail-rejected-too_small = L’immagine del tuo video è troppo piccola per essere mostrata bene.
mail-rejected-too_small-next = Registra di nuovo con la fotocamera impostata a una risoluzione più alta.
mail-rejected-corrupt = Il tuo file video è danneggiato e non si può riprodurre.
mail-rejected-corrupt-next = Succede spesso quando una registrazione o un caricamento si interrompe. Registra di nuovo, oppure carica di nuovo il file originale.
mail-rejected-timeout = L’elaborazione del tuo video ha richiesto troppo tempo.
mail-rejected-timeout-next = Di solito un video più breve o più leggero funziona. Riprova.
mail-rejected-internal_error = Qualcosa è andato storto da parte nostra durante l’elaborazione del tuo video.
mail-rejected-internal_error-next = Non è colpa tua. Caricalo di nuovo; se succede ancora, avvisa la moderazione del corso.
mail-rejected-other = Non siamo riusciti a elaborare il tuo video.
mail-rejected-other-next = Registralo o caricalo di nuovo; se succede ancora, avvisa la moderazione del corso.

## La moderazione ha deciso sul tuo video

mail-decided-subject =
    { $action ->
        [approve] Il tuo video per «{ $prompt }» è stato approvato
        [hide] Il tuo video per «{ $prompt }» è stato nascosto
        [remove] Il tuo video per «{ $prompt }» è stato rimosso
        [restore] Il tuo video per «{ $prompt }» è di nuovo visibile
       *[other] La moderazione ha esaminato il tuo video per «{ $prompt }»
    }
mail-decided-line =
    { $action ->
        [approve] La moderazione ha approvato il tuo video. Gli altri del tuo gruppo ora possono guardarlo.
        [hide] La moderazione ha nascosto il tuo video. Non è più mostrato al tuo gruppo, ma non è stato eliminato.
        [remove] La moderazione ha rimosso il tuo video. Non è più mostrato a nessuno del tuo gruppo.
        [restore] La moderazione ha ripristinato il tuo video. Il tuo gruppo può guardarlo di nuovo.
       *[other] La moderazione ha esaminato il tuo video.
    }
mail-decided-lead = Le motivazioni di questa decisione:
mail-decided-appeal = Se pensi che sia un errore, contatta la moderazione del corso.
mail-decided-action = Vedi il tuo contributo

## Il riepilogo della coda di moderazione

mail-digest-subject-empty = { $course }: niente da esaminare
mail-digest-subject =
    { $course }: { $pending ->
        [one] { $pending } video
       *[other] { $pending } video
    } da esaminare, { $flagged ->
        [one] { $flagged } segnalato
       *[other] { $flagged } segnalati
    }
mail-digest-intro = Ecco cosa attende nella coda di moderazione di «{ $course }».
mail-digest-action = Apri la coda
mail-digest-waiting = In attesa di approvazione: { $count }
mail-digest-flagged = Segnalati dai partecipanti: { $count }
mail-digest-cohort = { $cohort }: { $pending } in attesa, { $flagged ->
        [one] { $flagged } segnalato
       *[other] { $flagged } segnalati
    }
mail-digest-oldest =
    Il più vecchio aspetta da { $unit ->
        [none] meno di un’ora
        [hours]
            { $n ->
                [one] { $n } ora
               *[other] { $n } ore
            }
       *[days]
            { $n ->
                [one] { $n } giorno
               *[other] { $n } giorni
            }
    }.

## Un promemoria per rispondere a una consegna

mail-nudge-subject = Promemoria: «{ $prompt }» aspetta il tuo video
mail-nudge-default = Il tuo gruppo non vede l’ora di sentirti. Registra una breve risposta video a «{ $prompt }».
mail-nudge-action = Registra la tua risposta
mail-nudge-closes = La consegna si chiude il { mail-date }.
mail-date = { $day } { mail-month } { $year } alle { $time } UTC
mail-month =
    { $month ->
        [1] gennaio
        [2] febbraio
        [3] marzo
        [4] aprile
        [5] maggio
        [6] giugno
        [7] luglio
        [8] agosto
        [9] settembre
        [10] ottobre
        [11] novembre
       *[12] dicembre
    }
