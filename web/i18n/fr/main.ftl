# Pages de Crosstalk : français.

app-name = Crosstalk
home-text = Crosstalk est l’espace où votre groupe de cours répond aux consignes par de courtes vidéos. Pour entrer, ouvrez le lien de connexion envoyé par l’équipe du cours.
skip-to-content = Aller au contenu
nav-label = Principal
nav-course = Accueil du cours
nav-my-posts = Mes publications
nav-sign-out = Se déconnecter
lang-nav-label = Langue
lang-en = English
lang-fr = Français
lang-de = Deutsch
lang-es = Español
lang-it = Italiano
lang-ar = العربية

## Connexion

signin-used-title = Ce lien a déjà été utilisé
signin-used-text = Chaque lien de connexion ne fonctionne qu’une fois. Demandez un nouveau lien à l’équipe du cours.
signin-expired-title = Ce lien a expiré
signin-expired-text = Les liens de connexion ne sont valables qu’un temps limité. Demandez un nouveau lien à l’équipe du cours.
signin-unknown-title = Ce lien ne fonctionne pas
signin-unknown-text = Nous ne connaissons pas ce lien de connexion. Vérifiez que vous l’avez copié en entier, ou demandez-en un nouveau à l’équipe du cours.
signed-out-title = Vous êtes déconnecté·e
signed-out-text = Pour revenir, ouvrez un nouveau lien de connexion envoyé par l’équipe du cours.

## Erreurs

error-not-found-title = Page introuvable
error-signed-out-title = Veuillez vous connecter
error-csrf-title = Ce formulaire a expiré
error-refused-title = Cela n’a pas fonctionné
error-internal-title = Une erreur s’est produite
error-generic = Une erreur s’est produite. Veuillez réessayer.
error-not_found = Cette page n’existe pas, ou vous ne pouvez pas la voir.
error-signed_out = Votre session est terminée. Ouvrez à nouveau votre lien de connexion.
error-csrf_failed = Pour votre sécurité, cette demande a été refusée. Revenez en arrière, rechargez la page et réessayez.
error-internal_error = Une erreur s’est produite de notre côté. Veuillez réessayer dans un instant.
error-upload_incomplete = L’envoi de votre vidéo n’est pas encore terminé.
error-unknown_upload = Nous ne trouvons pas votre vidéo envoyée. Veuillez l’envoyer à nouveau.
error-upload_empty = Le fichier vidéo est vide. Veuillez enregistrer à nouveau.
error-upload_already_posted = Cette vidéo a déjà été envoyée.
error-prompt_closed = Cette consigne n’accepte plus de réponses.
error-prompt_not_open = Cette consigne n’accepte pas encore de réponses.
error-muted = Un·e animateur·rice a suspendu vos publications dans ce cours.
error-already_flagged = Vous avez déjà signalé cette publication. Un·e animateur·rice va l’examiner.
error-own_post = Vous ne pouvez pas signaler votre propre publication. Vous pouvez la supprimer.
error-not_flaggable = Seules les publications visibles peuvent être signalées.
error-parent_not_visible = Vous ne pouvez répondre qu’à une publication visible.
error-reply_too_deep = Les réponses ne peuvent pas aller plus loin dans cette conversation.
error-invalid_body = La demande n’a pas été comprise. Rechargez la page et réessayez.
error-malformed_json = La demande n’a pas été comprise. Rechargez la page et réessayez.
error-invalid_reason = Veuillez choisir un motif.
error-author_only = Seul·e l’auteur·rice peut supprimer cette publication.
error-validation_failed = Une information saisie n’est pas valide. Vérifiez-la et réessayez.
error-too_many_uploads = Vous avez trop d’envois inachevés. Terminez-en ou annulez-en un d’abord.
error-rate_limited = Vous avez fait cela de nombreuses fois en peu de temps. Attendez quelques minutes, puis réessayez.

## Accueil du cours

course-welcome = Bienvenue, { $name }.
course-empty = Ce cours est encore vide.
course-answered = Répondu
course-not-yet = Pas encore répondu

## Page de consigne

prompt-opens-on = Ouvre le { $date }
prompt-open-until = Ouvert jusqu’au { $date }
prompt-closed-on = Fermé le { $date }
prompt-seconds = Répondez en { $min } à { $max } secondes.
prompt-my-answer = Votre réponse
prompt-not-open-yet = Cette consigne n’est pas encore ouverte.
prompt-cohort-threads = Réponses de votre groupe
prompt-no-threads = Personne n’a encore répondu.
pager-label = Pages
pager-first = Réponses les plus récentes
pager-more = Réponses plus anciennes

## Fil de discussion

thread-title = Réponse de { $name }
thread-replies = { $count ->
    [0] Aucune réponse
    [one] 1 réponse
   *[other] { $count } réponses
}
thread-new = Nouveau

## Publications

post-deleted = Publication supprimée
post-you = vous
post-statement = Motif de l’animateur·rice :
post-delete = Supprimer
video-by = Vidéo de { $name }
video-processing = Cette vidéo est en préparation.
state-processing = En préparation
state-pending = En attente d’un·e animateur·rice
state-hidden = Masquée par un·e animateur·rice
state-removed = Retirée par un·e animateur·rice
state-deleted = Supprimée
state-rejected = Non acceptée
notice-flagged = Merci. Un·e animateur·rice va examiner cette publication.
notice-deleted = Votre publication a été supprimée.

## Signaler une publication

flag-open = Signaler
flag-reason = Pourquoi signalez-vous cette publication ?
flag-choose = Choisissez un motif
flag-note = Autre chose à signaler à l’animateur·rice (facultatif)
flag-send = Envoyer le signalement
flag-reason-offensive = Choquant
flag-reason-harassment = Harcèlement ou intimidation
flag-reason-hate = Haine
flag-reason-spam = Spam ou publicité
flag-reason-off-topic = Hors sujet
flag-reason-privacy = Divulgue des informations privées
flag-reason-self-harm = Une personne est peut-être en danger
flag-reason-other = Autre chose

## Pourquoi une vidéo n’a pas été acceptée

reason-not-a-video = Ce fichier n’est pas une vidéo. Enregistrez ou choisissez un fichier vidéo.
reason-unsupported-container = Ce format vidéo n’est pas pris en charge. Enregistrez avec l’appareil photo de votre téléphone ou avec cette page.
reason-no-video-stream = Ce fichier contient du son mais pas d’image. Enregistrez une vidéo.
reason-too-short = Cette vidéo est plus courte que ce que demande la consigne. Enregistrez une réponse plus longue.
reason-too-long = Cette vidéo est plus longue que ce que permet la consigne. Enregistrez une réponse plus courte.
reason-too-large = L’image de cette vidéo est trop grande. Enregistrez avec une résolution de téléphone normale.
reason-too-small = L’image de cette vidéo est trop petite pour être regardée. Enregistrez à nouveau.
reason-corrupt = Ce fichier vidéo est endommagé. Envoyez-le à nouveau ou enregistrez-en un nouveau.
reason-timeout = La préparation de cette vidéo a pris trop de temps. Essayez un enregistrement plus court.
reason-internal-error = Une erreur s’est produite de notre côté pendant la préparation de cette vidéo. Nous nous en occupons.

## Mes publications

my-posts-title = Mes publications
my-posts-empty = Vous n’avez encore rien publié.
my-posts-open-thread = Ouvrir la conversation

## Enregistreur

rec-heading-answer = Enregistrez votre réponse
rec-heading-reply = Répondez par une vidéo
rec-needs-js = Enregistrer et envoyer une vidéo nécessite JavaScript. Activez-le ou utilisez un autre navigateur.
rec-record = Enregistrer
rec-stop = Arrêter
rec-retake = Recommencer
rec-send = Envoyer
rec-cancel = Annuler
rec-preview = Aperçu
rec-switch-camera = Changer de caméra
rec-camera-front = Caméra avant
rec-camera-back = Caméra arrière
rec-hide-self-view = Masquer mon image
rec-show-self-view = Afficher mon image
rec-self-view-hidden = Votre image est masquée. L’enregistrement continue.
rec-recording = Enregistrement
rec-time-elapsed = Durée enregistrée
rec-time-limit = Limite : { $max } secondes
rec-starting-camera = Démarrage de la caméra…
rec-uploading = Envoi…
rec-upload-paused = Envoi en pause. Il reprendra quand vous serez de nouveau en ligne.
rec-resuming = Reprise de votre envoi…
rec-processing = Préparation…
rec-ready = Votre vidéo est prête
rec-view-post = Voir votre publication
rec-rejected = Votre vidéo n’a pas été acceptée
rec-failed = Une erreur s’est produite de notre côté
rec-retry = Réessayer
rec-record-again = Enregistrer à nouveau
rec-pick-file = Choisir un fichier vidéo
rec-or-pick-file = Ou choisissez un fichier vidéo
rec-no-camera = Aucune caméra n’est disponible. Vous pouvez choisir un fichier vidéo.
rec-permission-denied = La caméra est bloquée. Autorisez-la dans les réglages du navigateur, ou choisissez un fichier vidéo.
rec-not-supported = Ce navigateur ne peut pas enregistrer de vidéo. Vous pouvez choisir un fichier vidéo.
rec-offline = Vous êtes hors ligne. L’envoi reprendra quand vous serez de nouveau en ligne.
rec-online = Vous êtes de nouveau en ligne.
rec-too-short = Enregistrez au moins { $min } secondes.
rec-too-long = Cette vidéo dure plus de { $max } secondes.
rec-max-reached = Vous avez atteint la limite de { $max } secondes. L’enregistrement s’est arrêté.
rec-error = Une erreur s’est produite. Veuillez réessayer.
rec-text-label = Quelques mots avec votre vidéo (facultatif)
rec-sent = Envoyé
rec-progress = Progression
# console (facilitator console pages; keep every key in all six languages)
nav-console = Console
nav-console-queue = File de modération
notice-decided = Décision enregistrée.
notice-nudged = Relances envoyées.
notice-muted = L’apprenant est mis en sourdine.
notice-unmuted = L’apprenant peut de nouveau publier.
console-overview-title = Console d’animation
console-queue-waiting =
    { $count ->
        [one] 1 publication en attente
       *[other] { $count } publications en attente
    }
console-queue-waiting-many = Plus de { $count } publications en attente
console-no-cohorts = Vous n’animez aucune cohorte de ce cours.
console-cohort-pages = Pages de vos cohortes
console-cohorts-shown = Cohortes { $from } à { $to } sur { $total }
console-prompts-caption = Réponses et réactions par consigne
console-col-prompt = Consigne
console-col-answered = Ont répondu
console-col-not-answered = Pas encore répondu
console-col-not-replied = Pas encore réagi
console-col-lonely = Réponses sans réaction
console-lonely-link = réponse { $n }
console-learners-caption = Apprenants et dernière activité
console-col-learner = Apprenant
console-col-posts = Réponses
console-col-replies = Réactions
console-col-last-activity = Dernière activité
console-idle = Rien encore
console-never = Jamais
console-queue-title = File de modération
console-back-overview = Retour à la vue d’ensemble
console-keys-hint = Appuyez sur ? pour les raccourcis clavier.
console-filter-cohort = Cohorte
console-filter-prompt = Consigne
console-filter-reason = Motif du signalement
console-filter-all = Toutes
console-filter-apply = Filtrer
console-queue-empty = Rien n’attend de décision.
console-item-heading = { $author } sur « { $prompt } »
console-open-thread = Ouvrir la discussion
console-in-reply-to = En réponse à { $author } :
console-flags = Signalements
console-flag-count = { $reason } : { $count }
console-history = Historique de l’auteur : { $removals } publications retirées, { $mutes } mises en sourdine
console-muted-now = En sourdine
console-reason = Motif
console-statement = Exposé des motifs (l’auteur le verra)
console-next-page = Page suivante
console-keys-title = Raccourcis clavier
console-key-next-prev = Publication suivante / précédente
console-key-reason = Choisir un motif
console-key-help = Afficher cette aide
console-close = Fermer
console-action-approve = Approuver
console-action-hide = Masquer
console-action-remove = Retirer
console-action-restore = Rétablir
console-state-processing = En traitement
console-state-pending = En attente d’approbation
console-state-visible = Publiée, signalée
console-state-hidden = Masquée
console-state-removed = Retirée
console-state-deleted = Supprimée par l’auteur
console-state-rejected = Non acceptée
console-statement-offensive = Votre publication a été jugée offensante pour les autres participants.
console-statement-harassment = Votre publication vise un autre participant ; le harcèlement est interdit.
console-statement-hate = Votre publication contient des propos haineux, ce qui est interdit.
console-statement-spam = Votre publication ressemble à du spam ou de la publicité.
console-statement-off-topic = Votre publication ne répond pas à la consigne.
console-statement-privacy = Votre publication divulgue des informations privées sur quelqu’un.
console-statement-self-harm = Votre publication nous inquiète ; un animateur vous contactera.
console-statement-other = Un animateur a examiné votre publication.
console-already-decided-title = Déjà décidé
console-already-decided = Un autre animateur a été plus rapide ; votre décision n’a pas été appliquée. ({ $detail })
console-notice-decided = Décision enregistrée.
console-js-failed = La décision n’a pas pu être envoyée. Réessayez.
console-nudges-title = Relances
console-nudges-link = Relancer les apprenants
console-nudge-message = Message (modifiable avant l’envoi)
console-nudge-all = Relancer tous ceux qui n’ont pas répondu
console-nudge-one = Relancer { $name }
console-nudged-at = Relancé le { $when }
console-not-nudged = Pas relancé
console-nudge-none = Tout le monde dans vos cohortes a répondu.
console-nudge-rule = Chaque apprenant est relancé au plus une fois par jour pour une consigne.
console-nudge-sent =
    { $count ->
        [one] 1 relance envoyée.
       *[other] { $count } relances envoyées.
    }
console-mute = Mettre en sourdine
console-unmute = Rétablir la parole
console-mute-reason = Motif (conservé dans le journal)
console-unmute-reason = Pourquoi peut-il de nouveau publier ? (conservé dans le journal)
console-audit-title = Journal de modération
console-filter-actor = Qui
console-filter-action = Action
console-export-csv = Exporter en CSV
console-col-when = Quand
console-col-subject = Concerné
console-course-team = l’équipe du cours
console-audit-empty = Rien d’enregistré pour l’instant.

# lti
lti-login-refused-title = Cet outil n’a pas pu être ouvert
lti-login-refused-text = Votre plateforme de cours a demandé à ouvrir Crosstalk, mais la demande n’est pas acceptable. Demandez à l’équipe du cours de vérifier les réglages de l’outil.
lti-launch-refused-title = La connexion depuis votre cours a été refusée
lti-launch-refused-text = Crosstalk n’a pas pu confirmer que la demande venait de votre plateforme de cours ; vous n’êtes donc pas connecté. Revenez à votre cours et ouvrez l’activité à nouveau.
lti-cookies-blocked-title = Votre navigateur a bloqué la connexion dans la page du cours
lti-cookies-blocked-text = Votre navigateur ne permet pas à Crosstalk de garder sa connexion dans la page du cours. Ouvrez-le dans un nouvel onglet pour continuer.
lti-open-new-tab = Ouvrir dans un nouvel onglet
lti-storage-title = Ouverture de Crosstalk…
lti-storage-text = Vérification de votre connexion avec votre plateforme de cours. Cela prend un instant.
lti-continue = Continuer
lti-session-blocked-title = Continuez dans un nouvel onglet
lti-session-blocked-text = Vous êtes connecté, mais votre navigateur ne permet pas à Crosstalk de garder votre connexion dans la page du cours. Ouvrez-le dans un nouvel onglet pour continuer.
lti-reason = Motif : { $reason }
lti-deep-link-title = Choisissez une consigne à ajouter au cours
lti-deep-link-text = La consigne choisie s’ouvre directement quand les apprenants suivent le lien dans votre cours.
lti-deep-link-choose = Consigne
lti-deep-link-none = Ce cours n’a pas encore de consigne. Créez d’abord des modules et des consignes.
lti-deep-link-add = Ajouter au cours
lti-deep-link-return = Revenir à la plateforme du cours
lti-deep-link-send = Envoyer à la plateforme du cours
lti-deep-link-staff-only-title = Seule l’équipe du cours peut ajouter des activités
lti-deep-link-staff-only-text = Ajouter des consignes Crosstalk à un cours est réservé aux enseignants et aux tuteurs.

# own data (issue 14: captions, download, erasure, chosen names; keep every key in all six languages)
captions-available = Sous-titres :
captions-how = Activez les sous-titres avec le bouton CC du lecteur vidéo.
notice-name-saved = Votre nom a été enregistré.
form-error-summary = Il y a un problème
own-data-heading = Vos données
own-export-text = Téléchargez tout ce que vous avez publié dans ce cours : vos vidéos, leurs sous-titres et la liste de vos publications avec les réponses reçues.
own-export-button = Télécharger mes vidéos
own-export-first = Télécharger d'abord mes vidéos
own-name-link = Choisir le nom que voient les autres participants
own-erase-link = Supprimer mon compte dans ce cours
erase-title = Supprimer votre compte dans ce cours
erase-title-error = Erreur : Supprimer votre compte dans ce cours
erase-intro = Ceci supprime ce que vous avez partagé dans { $course }.
erase-deleted-heading = Ce qui sera supprimé
erase-deleted-videos = Toutes les vidéos que vous avez enregistrées ou envoyées, avec leurs sous-titres et images.
erase-deleted-texts = Les textes écrits avec vos publications.
erase-deleted-personal = Votre nom, votre adresse e-mail, votre pays et vos langues.
erase-deleted-mail = Les e-mails qui attendaient de vous être envoyés.
erase-kept-heading = Ce qui reste
erase-kept-text = Les réponses des autres restent dans les conversations. Vos publications y restent comme publications supprimées, sans votre nom, pour que les réponses gardent leur sens.
erase-final = Cette action est définitive.
erase-confirm-label = Je comprends que mes vidéos et mon compte dans { $course } seront supprimés définitivement.
erase-confirm-missing = Cochez la case pour confirmer que vous voulez supprimer votre compte.
erase-submit = Supprimer mon compte
erase-cancel = Garder mon compte et revenir
erase-started-title = Votre compte est en cours de suppression
erase-started-intro = Nous supprimons votre compte dans { $course }. Cela prend quelques minutes. Nous supprimons :
erase-started-signed-out = Vous avez été déconnecté.
name-title = Le nom que voient les autres participants
name-title-error = Erreur : Le nom que voient les autres participants
name-intro = Dans ce cours, vous pouvez apparaître aux autres participants sous un nom de votre choix. Les animateurs et l'équipe du cours voient toujours votre nom de la liste du cours.
name-roster = Votre nom dans la liste du cours : { $name }
name-current = Les autres participants vous voient maintenant comme : { $name }
name-label = Votre nom pour les autres participants
name-hint = { $max } caractères au plus. N'utilisez pas le nom de quelqu'un d'autre.
name-save = Enregistrer
name-remove = Utiliser mon nom de la liste du cours
error-invalid_pseudonym = Saisissez un nom de 1 à 40 caractères.
error-pseudonym_taken = Quelqu'un dans ce cours utilise déjà ce nom. Choisissez-en un autre.
error-pseudonyms_off = Ce cours n'utilise pas de noms choisis.
error-learners_only = Seuls les participants peuvent choisir un nom.

# dependencies down (issue 15): pages say so with 503/507, not "something went wrong"
error-unavailable-title = Réessayez dans un instant
error-database_unavailable = Notre base de données est injoignable pour le moment. Rien de ce que vous avez envoyé n’est perdu : réessayez dans un instant.
error-store_unavailable = Notre stockage vidéo est injoignable pour le moment. Rien de ce que vous avez envoyé n’est perdu : réessayez dans un instant.
error-insufficient_storage = Notre serveur manque de place pour le moment. Ce qui a déjà été envoyé est conservé : réessayez plus tard.
