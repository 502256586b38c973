# Les e-mails de Crosstalk : français. Les clés commencent par mail- ; les messages des pages
# sont dans web/i18n/fr/main.ftl. Les espaces avant : ? et dans « » sont insécables.

## Tous les e-mails

mail-hello = Bonjour { $name },
mail-hello-anonymous = Bonjour,
mail-signature = L'équipe Crosstalk
mail-link-fallback = Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :
mail-unsubscribe-question = Vous ne souhaitez plus recevoir ces e-mails ?
mail-unsubscribe = Se désabonner
mail-colon = {"\u00A0"}:
mail-why-learner = Vous recevez cet e-mail parce que vous participez à un cours Crosstalk.
mail-why-facilitator = Vous recevez cet e-mail parce que vous animez « { $course } ».

## Une réponse à votre vidéo

mail-reply-subject = { $replier } a répondu à votre vidéo
mail-reply-line = { $replier } a répondu à votre vidéo pour « { $prompt } ».
mail-reply-lead = { $replier } a écrit :
mail-reply-action = Voir la réponse

## Votre vidéo est prête

mail-ready-subject = Votre vidéo est prête
mail-ready-line = Votre vidéo pour « { $prompt } » est prête, et les autres membres de votre groupe peuvent maintenant la voir.
mail-ready-line-pending = Votre vidéo pour « { $prompt } » est prête. L'équipe d'animation va la regarder avant que les autres membres de votre groupe puissent la voir ; nous vous tiendrons au courant.
mail-ready-action = Voir votre vidéo

## Votre vidéo n'a pas pu être utilisée : ce qui ne va pas, puis quoi faire

mail-rejected-subject = Nous n'avons pas pu utiliser votre vidéo pour « { $prompt } »
mail-rejected-action = Envoyer une nouvelle vidéo
mail-duration =
    { $unit ->
        [minutes]
            { $n ->
                [1] une minute
               *[other] { $n } minutes
            }
       *[seconds]
            { $n ->
                [1] une seconde
               *[other] { $n } secondes
            }
    }
mail-rejected-too_short-limit = Votre vidéo dure moins { $n ->
        [1] d'{ mail-duration }
       *[other] de { mail-duration }
    }, la durée minimale pour cette consigne.
mail-rejected-too_short-limit-next = Enregistrez une réponse d'au moins { mail-duration } et envoyez-la à nouveau.
mail-rejected-too_long-limit = Votre vidéo dure plus { $n ->
        [1] d'{ mail-duration }
       *[other] de { mail-duration }
    }, la durée maximale pour cette consigne.
mail-rejected-too_long-limit-next = Coupez-la pour qu'elle dure au plus { mail-duration }, ou enregistrez une réponse plus courte, puis envoyez-la à nouveau.
mail-rejected-not_a_video = Le fichier envoyé n'est pas une vidéo.
mail-rejected-not_a_video-next = Enregistrez à nouveau votre réponse, ou choisissez un fichier vidéo (MP4, MOV ou WebM par exemple).
mail-rejected-unsupported_container = Nous ne savons pas lire ce type de fichier vidéo.
mail-rejected-unsupported_container-next = Enregistrez-la ou exportez-la en MP4 ou WebM, puis envoyez-la à nouveau.
mail-rejected-no_video_stream = Le fichier contient du son mais pas d'image.
mail-rejected-no_video_stream-next = Vérifiez que votre caméra est allumée et autorisée dans votre navigateur, puis enregistrez à nouveau.
mail-rejected-too_short = Votre vidéo est plus courte que ce que demande cette consigne.
mail-rejected-too_short-next = Enregistrez une réponse un peu plus longue et envoyez-la à nouveau.
mail-rejected-too_long = Votre vidéo dépasse la durée autorisée pour cette consigne.
mail-rejected-too_long-next = Coupez-la, ou enregistrez une réponse plus courte qui respecte la limite, puis envoyez-la à nouveau.
mail-rejected-too_large = Votre vidéo est trop lourde : le fichier ou la taille de l'image dépasse notre limite.
mail-rejected-too_large-next = Enregistrez à nouveau en plus basse résolution (720p suffit) ou exportez un fichier plus léger, puis envoyez-le à nouveau.
mail-rejected-too_small = L'image de votre vidéo est trop petite pour être affichée correctement.
mail-rejected-too_small-next = Enregistrez à nouveau avec une résolution de caméra plus élevée.
mail-rejected-corrupt = Votre fichier vidéo est endommagé et ne peut pas être lu.
mail-rejected-corrupt-next = Cela arrive souvent quand un enregistrement ou un envoi est interrompu. Enregistrez à nouveau, ou renvoyez le fichier d'origine.
mail-rejected-timeout = Le traitement de votre vidéo a pris trop de temps.
mail-rejected-timeout-next = Une vidéo plus courte ou plus légère passe généralement. Merci de réessayer.
mail-rejected-internal_error = Un problème est survenu de notre côté pendant le traitement de votre vidéo.
mail-rejected-internal_error-next = Vous n'y êtes pour rien. Envoyez-la à nouveau ; si cela se reproduit, prévenez votre équipe d'animation.
mail-rejected-other = Nous n'avons pas pu traiter votre vidéo.
mail-rejected-other-next = Enregistrez-la ou envoyez-la à nouveau ; si cela se reproduit, prévenez votre équipe d'animation.

## L'équipe d'animation a pris une décision sur votre vidéo

mail-decided-subject =
    { $action ->
        [approve] Votre vidéo pour « { $prompt } » a été approuvée
        [hide] Votre vidéo pour « { $prompt } » a été masquée
        [remove] Votre vidéo pour « { $prompt } » a été retirée
        [restore] Votre vidéo pour « { $prompt } » est de nouveau visible
       *[other] Votre vidéo pour « { $prompt } » a été examinée
    }
mail-decided-line =
    { $action ->
        [approve] L'équipe d'animation a approuvé votre vidéo. Les autres membres de votre groupe peuvent maintenant la voir.
        [hide] L'équipe d'animation a masqué votre vidéo. Elle n'est plus montrée à votre groupe, mais elle n'a pas été supprimée.
        [remove] L'équipe d'animation a retiré votre vidéo. Elle n'est plus montrée à personne dans votre groupe.
        [restore] L'équipe d'animation a rétabli votre vidéo. Votre groupe peut de nouveau la voir.
       *[other] L'équipe d'animation a examiné votre vidéo.
    }
mail-decided-lead = Les motifs de cette décision :
mail-decided-appeal = Si vous pensez qu'il s'agit d'une erreur, contactez votre équipe d'animation.
mail-decided-action = Voir votre publication

## Le résumé de la file de modération

mail-digest-subject-empty = { $course } : rien à examiner
mail-digest-subject =
    { $course } : { $pending ->
        [one] { $pending } vidéo
       *[other] { $pending } vidéos
    } à examiner, { $flagged } { $flagged ->
        [one] signalée
       *[other] signalées
    }
mail-digest-intro = Voici ce qui attend dans la file de modération de « { $course } ».
mail-digest-action = Ouvrir la file de modération
mail-digest-waiting = En attente d'approbation : { $count }
mail-digest-flagged = Signalées par des membres : { $count }
mail-digest-cohort =
    { $cohort } : { $pending } en attente, { $flagged } { $flagged ->
        [one] signalée
       *[other] signalées
    }
mail-digest-oldest =
    La plus ancienne attend depuis { $unit ->
        [none] moins d'une heure
        [hours]
            { $n ->
                [one] { $n } heure
               *[other] { $n } heures
            }
       *[days]
            { $n ->
                [one] { $n } jour
               *[other] { $n } jours
            }
    }.

## Un rappel pour répondre à une consigne

mail-nudge-subject = Petit rappel : « { $prompt } » attend votre vidéo
mail-nudge-default = Votre groupe a hâte de vous entendre. Enregistrez une courte réponse vidéo à « { $prompt } ».
mail-nudge-action = Enregistrer ma réponse
mail-nudge-closes = La consigne se termine le { mail-date }.
mail-date = { $day } { mail-month } { $year } à { $time } UTC
mail-month =
    { $month ->
        [1] janvier
        [2] février
        [3] mars
        [4] avril
        [5] mai
        [6] juin
        [7] juillet
        [8] août
        [9] septembre
        [10] octobre
        [11] novembre
       *[12] décembre
    }
