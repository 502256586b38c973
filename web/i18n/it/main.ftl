# Pagine di Crosstalk: italiano.

app-name = Crosstalk
home-text = Crosstalk è dove il tuo gruppo del corso risponde alle consegne con brevi video. Per entrare, apri il link di accesso che ti ha inviato il team del corso.
skip-to-content = Vai al contenuto
nav-label = Principale
nav-course = Home del corso
nav-my-posts = I miei contributi
nav-sign-out = Esci
lang-nav-label = Lingua
lang-en = English
lang-fr = Français
lang-de = Deutsch
lang-es = Español
lang-it = Italiano
lang-ar = العربية

## Accesso

signin-used-title = Questo link è già stato usato
signin-used-text = Ogni link di accesso funziona una sola volta. Chiedi un nuovo link al team del corso.
signin-expired-title = Questo link è scaduto
signin-expired-text = I link di accesso valgono per un tempo limitato. Chiedi un nuovo link al team del corso.
signin-unknown-title = Questo link non funziona
signin-unknown-text = Non riconosciamo questo link di accesso. Controlla di averlo copiato per intero, oppure chiedine uno nuovo al team del corso.
signed-out-title = Sei uscito dal tuo account
signed-out-text = Per tornare, apri un nuovo link di accesso del team del corso.

## Errori

error-not-found-title = Pagina non trovata
error-signed-out-title = Accedi di nuovo
error-csrf-title = Questo modulo è scaduto
error-refused-title = Non ha funzionato
error-internal-title = Qualcosa è andato storto
error-generic = Qualcosa è andato storto. Riprova.
error-not_found = Questa pagina non esiste oppure non puoi vederla.
error-signed_out = La tua sessione è terminata. Apri di nuovo il tuo link di accesso.
error-csrf_failed = Per la tua sicurezza questa richiesta è stata rifiutata. Torna indietro, ricarica la pagina e riprova.
error-internal_error = Qualcosa è andato storto da parte nostra. Riprova tra un momento.
error-upload_incomplete = Il caricamento del tuo video non è ancora finito.
error-unknown_upload = Non troviamo il video che hai caricato. Invialo di nuovo.
error-upload_empty = Il file video è vuoto. Registra di nuovo.
error-upload_already_posted = Questo video è già stato inviato.
error-prompt_closed = Questa consegna non accetta più risposte.
error-prompt_not_open = Questa consegna non accetta ancora risposte.
error-muted = Chi modera ha sospeso i tuoi contributi in questo corso.
error-already_flagged = Hai già segnalato questo contributo. La moderazione lo esaminerà.
error-own_post = Non puoi segnalare un tuo contributo. Puoi eliminarlo.
error-not_flaggable = Si possono segnalare solo contributi pubblicati.
error-parent_not_visible = Puoi rispondere solo a un contributo pubblicato.
error-reply_too_deep = In questa conversazione le risposte non possono andare più in profondità.
error-invalid_body = La richiesta non è stata capita. Ricarica la pagina e riprova.
error-malformed_json = La richiesta non è stata capita. Ricarica la pagina e riprova.
error-invalid_reason = Scegli un motivo.
error-author_only = Solo chi l’ha pubblicato può eliminare questo contributo.
error-validation_failed = Un dato inserito non è valido. Controllalo e riprova.
error-too_many_uploads = Hai troppi caricamenti non finiti. Completane o annullane uno prima.
error-rate_limited = Lo hai fatto molte volte in poco tempo. Attendi qualche minuto, poi riprova.

## Home del corso

course-welcome = Benvenuto/a, { $name }.
course-empty = Questo corso è ancora vuoto.
course-answered = Risposto
course-not-yet = Non ancora risposto

## Pagina della consegna

prompt-opens-on = Si apre il { $date }
prompt-open-until = Aperta fino al { $date }
prompt-closed-on = Chiusa il { $date }
prompt-seconds = Rispondi in { $min }-{ $max } secondi.
prompt-my-answer = La tua risposta
prompt-not-open-yet = Questa consegna non è ancora aperta.
prompt-cohort-threads = Risposte del tuo gruppo
prompt-no-threads = Nessuno ha ancora risposto.
pager-label = Pagine
pager-first = Risposte più recenti
pager-more = Risposte meno recenti

## Conversazione

thread-title = Risposta di { $name }
thread-replies = { $count ->
    [0] Nessuna risposta
    [one] 1 risposta
   *[other] { $count } risposte
}
thread-new = Nuovo

## Contributi

post-deleted = Contributo eliminato
post-you = tu
post-statement = Motivazione della moderazione:
post-delete = Elimina
video-by = Video di { $name }
video-processing = Questo video è in preparazione.
state-processing = In preparazione
state-pending = In attesa della moderazione
state-hidden = Nascosto dalla moderazione
state-removed = Rimosso dalla moderazione
state-deleted = Eliminato
state-rejected = Non accettato
notice-flagged = Grazie. La moderazione esaminerà questo contributo.
notice-deleted = Il tuo contributo è stato eliminato.

## Segnalare un contributo

flag-open = Segnala
flag-reason = Perché segnali questo contributo?
flag-choose = Scegli un motivo
flag-note = Altro che la moderazione dovrebbe sapere (facoltativo)
flag-send = Invia la segnalazione
flag-reason-offensive = Offensivo
flag-reason-harassment = Molestie o bullismo
flag-reason-hate = Odio
flag-reason-spam = Spam o pubblicità
flag-reason-off-topic = Fuori tema
flag-reason-privacy = Rivela informazioni private
flag-reason-self-harm = Qualcuno potrebbe essere in pericolo
flag-reason-other = Altro

## Perché un video non è stato accettato

reason-not-a-video = Questo file non è un video. Registra o scegli un file video.
reason-unsupported-container = Questo formato video non è supportato. Registra con la fotocamera del telefono o con questa pagina.
reason-no-video-stream = Questo file ha l’audio ma non l’immagine. Registra un video.
reason-too-short = Questo video è più corto di quanto chiede la consegna. Registra una risposta più lunga.
reason-too-long = Questo video è più lungo di quanto permette la consegna. Registra una risposta più breve.
reason-too-large = L’immagine di questo video è troppo grande. Registra con una normale risoluzione da telefono.
reason-too-small = L’immagine di questo video è troppo piccola per essere vista. Registra di nuovo.
reason-corrupt = Questo file video è danneggiato. Caricalo di nuovo o registrane uno nuovo.
reason-timeout = La preparazione di questo video ha richiesto troppo tempo. Prova una registrazione più breve.
reason-internal-error = Qualcosa è andato storto da parte nostra durante la preparazione di questo video. Ce ne stiamo occupando.

## I miei contributi

my-posts-title = I miei contributi
my-posts-empty = Non hai ancora pubblicato nulla.
my-posts-open-thread = Apri la conversazione

## Registratore

rec-heading-answer = Registra la tua risposta
rec-heading-reply = Rispondi con un video
rec-needs-js = Per registrare e inviare un video serve JavaScript. Attivalo o usa un altro browser.
rec-record = Registra
rec-stop = Ferma
rec-retake = Rifai
rec-send = Invia
rec-cancel = Annulla
rec-preview = Anteprima
rec-switch-camera = Cambia fotocamera
rec-camera-front = Fotocamera anteriore
rec-camera-back = Fotocamera posteriore
rec-hide-self-view = Nascondi la mia immagine
rec-show-self-view = Mostra la mia immagine
rec-self-view-hidden = La tua immagine è nascosta. La registrazione continua.
rec-recording = Registrazione in corso
rec-time-elapsed = Tempo registrato
rec-time-limit = Limite: { $max } secondi
rec-starting-camera = Avvio della fotocamera…
rec-uploading = Caricamento…
rec-upload-paused = Caricamento in pausa. Riprenderà quando sarai di nuovo online.
rec-resuming = Ripresa del caricamento…
rec-processing = Preparazione…
rec-ready = Il tuo video è pronto
rec-view-post = Vedi il tuo contributo
rec-rejected = Il tuo video non è stato accettato
rec-failed = Qualcosa è andato storto da parte nostra
rec-retry = Riprova
rec-record-again = Registra di nuovo
rec-pick-file = Scegli un file video
rec-or-pick-file = Oppure scegli un file video
rec-no-camera = Nessuna fotocamera disponibile. Puoi scegliere un file video.
rec-permission-denied = La fotocamera è bloccata. Consentila nelle impostazioni del browser o scegli un file video.
rec-not-supported = Questo browser non può registrare video. Puoi scegliere un file video.
rec-offline = Sei offline. Il caricamento riprenderà quando sarai di nuovo online.
rec-online = Sei di nuovo online.
rec-too-short = Registra almeno { $min } secondi.
rec-too-long = Questo video dura più di { $max } secondi.
rec-max-reached = Hai raggiunto il limite di { $max } secondi. La registrazione si è fermata.
rec-error = Qualcosa è andato storto. Riprova.
rec-text-label = Qualche parola con il tuo video (facoltativo)
rec-sent = Inviato
rec-progress = Avanzamento
# console (facilitator console pages; keep every key in all six languages)
nav-console = Console
nav-console-queue = Coda di moderazione
notice-decided = Decisione salvata.
notice-nudged = Promemoria inviati.
notice-muted = Il partecipante è silenziato.
notice-unmuted = Il partecipante può pubblicare di nuovo.
console-overview-title = Console del facilitatore
console-queue-waiting =
    { $count ->
        [one] 1 contributo in attesa
       *[other] { $count } contributi in attesa
    }
console-queue-waiting-many = Più di { $count } contributi in attesa
console-no-cohorts = Non facilita alcuna coorte di questo corso.
console-cohort-pages = Pagine delle tue coorti
console-cohorts-shown = Coorti { $from }–{ $to } di { $total }
console-prompts-caption = Risposte e repliche per consegna
console-col-prompt = Consegna
console-col-answered = Hanno risposto
console-col-not-answered = Non hanno ancora risposto
console-col-not-replied = Non hanno ancora replicato
console-col-lonely = Risposte senza replica
console-lonely-link = risposta { $n }
console-learners-caption = Partecipanti e ultima attività
console-col-learner = Partecipante
console-col-posts = Risposte
console-col-replies = Repliche
console-col-last-activity = Ultima attività
console-idle = Ancora nulla
console-never = Mai
console-queue-title = Coda di moderazione
console-back-overview = Torna alla panoramica
console-keys-hint = Premi ? per le scorciatoie da tastiera.
console-filter-cohort = Coorte
console-filter-prompt = Consegna
console-filter-reason = Motivo della segnalazione
console-filter-all = Tutte
console-filter-apply = Filtra
console-queue-empty = Nulla attende una decisione.
console-item-heading = { $author } su «{ $prompt }»
console-open-thread = Apri la conversazione
console-in-reply-to = In risposta a { $author }:
console-flags = Segnalazioni
console-flag-count = { $reason }: { $count }
console-history = Storico dell’autore: { $removals } contributi rimossi, { $mutes } silenziamenti
console-muted-now = Silenziato
console-reason = Motivo
console-statement = Motivazione (l’autore la vedrà)
console-next-page = Pagina successiva
console-keys-title = Scorciatoie da tastiera
console-key-next-prev = Contributo successivo / precedente
console-key-reason = Scegliere un motivo
console-key-help = Mostra questo aiuto
console-close = Chiudi
console-action-approve = Approva
console-action-hide = Nascondi
console-action-remove = Rimuovi
console-action-restore = Ripristina
console-state-processing = In elaborazione
console-state-pending = In attesa di approvazione
console-state-visible = Pubblicato, segnalato
console-state-hidden = Nascosto
console-state-removed = Rimosso
console-state-deleted = Eliminato dall’autore
console-state-rejected = Non accettato
console-statement-offensive = Il tuo contributo è stato ritenuto offensivo per gli altri partecipanti.
console-statement-harassment = Il tuo contributo prende di mira un altro partecipante; le molestie non sono ammesse.
console-statement-hate = Il tuo contributo contiene contenuti d’odio, non ammessi.
console-statement-spam = Il tuo contributo sembra spam o pubblicità.
console-statement-off-topic = Il tuo contributo non risponde alla consegna.
console-statement-privacy = Il tuo contributo condivide informazioni private su qualcuno.
console-statement-self-harm = Il tuo contributo ci preoccupa; un facilitatore ti contatterà.
console-statement-other = Un facilitatore ha esaminato il tuo contributo.
console-already-decided-title = Già deciso
console-already-decided = Un altro facilitatore è stato più veloce; la tua decisione non è stata applicata. ({ $detail })
console-notice-decided = Decisione salvata.
console-js-failed = Non è stato possibile inviare la decisione. Riprova.
console-nudges-title = Promemoria
console-nudges-link = Invia promemoria
console-nudge-message = Messaggio (modificabile prima dell’invio)
console-nudge-all = Ricorda a chi non ha risposto
console-nudge-one = Ricorda a { $name }
console-nudged-at = Ricordato il { $when }
console-not-nudged = Nessun promemoria
console-nudge-none = Tutti nelle tue coorti hanno risposto.
console-nudge-rule = Ogni partecipante riceve al massimo un promemoria al giorno per consegna.
console-nudge-sent =
    { $count ->
        [one] 1 promemoria inviato.
       *[other] { $count } promemoria inviati.
    }
console-mute = Silenzia
console-unmute = Riattiva
console-mute-reason = Motivo (conservato nel registro)
console-unmute-reason = Perché può pubblicare di nuovo? (conservato nel registro)
console-audit-title = Registro di moderazione
console-filter-actor = Chi
console-filter-action = Azione
console-export-csv = Esporta in CSV
console-col-when = Quando
console-col-subject = Interessato
console-course-team = il team del corso
console-audit-empty = Ancora nulla di registrato.

# lti
lti-login-refused-title = Non è stato possibile aprire questo strumento
lti-login-refused-text = La tua piattaforma di apprendimento ha chiesto di aprire Crosstalk, ma la richiesta non è accettabile. Chiedi al team del corso di controllare le impostazioni dello strumento.
lti-launch-refused-title = L’accesso dal tuo corso è stato rifiutato
lti-launch-refused-text = Crosstalk non ha potuto confermare che la richiesta provenisse dalla piattaforma del corso, quindi non hai effettuato l’accesso. Torna al corso e apri di nuovo l’attività.
lti-cookies-blocked-title = Il browser ha bloccato l’accesso nella pagina del corso
lti-cookies-blocked-text = Il tuo browser non consente a Crosstalk di mantenere l’accesso nella pagina del corso. Aprilo in una nuova scheda per continuare.
lti-open-new-tab = Apri in una nuova scheda
lti-storage-title = Apertura di Crosstalk…
lti-storage-text = Verifica del tuo accesso con la piattaforma del corso. Ci vuole un momento.
lti-continue = Continua
lti-session-blocked-title = Continua in una nuova scheda
lti-session-blocked-text = Hai effettuato l’accesso, ma il tuo browser non consente a Crosstalk di mantenerlo nella pagina del corso. Aprilo in una nuova scheda per continuare.
lti-reason = Motivo: { $reason }
lti-deep-link-title = Scegli una consegna da aggiungere al corso
lti-deep-link-text = La consegna scelta si apre direttamente quando chi apprende segue il link nel corso.
lti-deep-link-choose = Consegna
lti-deep-link-none = Questo corso non ha ancora consegne. Crea prima moduli e consegne.
lti-deep-link-add = Aggiungi al corso
lti-deep-link-return = Torna alla piattaforma del corso
lti-deep-link-send = Invia alla piattaforma del corso
lti-deep-link-staff-only-title = Solo il team del corso può aggiungere attività
lti-deep-link-staff-only-text = Aggiungere consegne di Crosstalk a un corso è riservato a docenti e tutor.

# own data (issue 14: captions, download, erasure, chosen names; keep every key in all six languages)
captions-available = Sottotitoli:
captions-how = Attiva i sottotitoli con il pulsante CC del lettore video.
notice-name-saved = Il tuo nome è stato salvato.
form-error-summary = C'è un problema
own-data-heading = I tuoi dati
own-export-text = Scarica tutto ciò che hai pubblicato in questo corso: i tuoi video, i loro sottotitoli e un elenco dei tuoi contributi con le risposte ricevute.
own-export-button = Scarica i miei video
own-export-first = Scarica prima i miei video
own-name-link = Scegli il nome che vedono gli altri partecipanti
own-erase-link = Elimina il mio account in questo corso
erase-title = Elimina il tuo account in questo corso
erase-title-error = Errore: Elimina il tuo account in questo corso
erase-intro = Questo elimina ciò che hai condiviso in { $course }.
erase-deleted-heading = Cosa verrà eliminato
erase-deleted-videos = Ogni video che hai registrato o caricato, con i sottotitoli e le immagini.
erase-deleted-texts = I testi che hai scritto con i tuoi contributi.
erase-deleted-personal = Il tuo nome, il tuo indirizzo e-mail, il tuo paese e le tue lingue.
erase-deleted-mail = Le e-mail che erano in attesa di esserti inviate.
erase-kept-heading = Cosa resta
erase-kept-text = Le risposte degli altri restano nelle conversazioni. I tuoi contributi restano come contributi eliminati, senza il tuo nome, perché le risposte abbiano ancora senso.
erase-final = Non si può annullare.
erase-confirm-label = Capisco che i miei video e il mio account in { $course } saranno eliminati per sempre.
erase-confirm-missing = Spunta la casella per confermare che vuoi eliminare il tuo account.
erase-submit = Elimina il mio account
erase-cancel = Tieni il mio account e torna indietro
erase-started-title = Il tuo account è in corso di eliminazione
erase-started-intro = Stiamo eliminando il tuo account in { $course }. Ci vogliono alcuni minuti. Eliminiamo:
erase-started-signed-out = Sei stato disconnesso.
name-title = Il nome che vedono gli altri partecipanti
name-title-error = Errore: Il nome che vedono gli altri partecipanti
name-intro = In questo corso puoi apparire agli altri partecipanti con un nome che scegli tu. I facilitatori e il team del corso vedono sempre il tuo nome dall'elenco del corso.
name-roster = Il tuo nome nell'elenco del corso: { $name }
name-current = Gli altri partecipanti ora ti vedono come: { $name }
name-label = Il tuo nome per gli altri partecipanti
name-hint = Al massimo { $max } caratteri. Non usare il nome di un'altra persona.
name-save = Salva
name-remove = Usa il mio nome dall'elenco del corso
error-invalid_pseudonym = Inserisci un nome da 1 a 40 caratteri.
error-pseudonym_taken = Qualcuno in questo corso usa già quel nome. Scegline un altro.
error-pseudonyms_off = Questo corso non usa nomi scelti.
error-learners_only = Solo i partecipanti possono scegliere un nome.

# dependencies down (issue 15): pages say so with 503/507, not "something went wrong"
error-unavailable-title = Riprova tra un momento
error-database_unavailable = Al momento non riusciamo a raggiungere il nostro database. Nulla di ciò che hai inviato è andato perso: riprova tra un momento.
error-store_unavailable = Al momento non riusciamo a raggiungere l’archivio video. Nulla di ciò che hai inviato è andato perso: riprova tra un momento.
error-insufficient_storage = Il nostro server al momento non ha spazio per questo. Ciò che hai già inviato è conservato: riprova più tardi.
