# Los correos de Crosstalk: español. Todas las claves empiezan por mail-; los textos de las
# páginas están en web/i18n/es/main.ftl.

## Todos los correos

mail-hello = Hola, { $name }:
mail-hello-anonymous = Hola:
mail-signature = El equipo de Crosstalk
mail-link-fallback = Si el botón no funciona, copia este enlace en tu navegador:
mail-unsubscribe-question = ¿No quieres recibir estos correos?
mail-unsubscribe = Darse de baja
mail-colon = :
mail-why-learner = Recibes este correo porque participas en un curso de Crosstalk.
mail-why-facilitator = Recibes este correo porque moderas «{ $course }».

## Alguien respondió a tu vídeo

mail-reply-subject = { $replier } respondió a tu vídeo
mail-reply-line = { $replier } respondió a tu vídeo para «{ $prompt }».
mail-reply-lead = { $replier } escribió:
mail-reply-action = Ver la respuesta

## Tu vídeo está listo

mail-ready-subject = Tu vídeo está listo
mail-ready-line = Tu vídeo para «{ $prompt }» está listo, y el resto de tu grupo ya puede verlo.
mail-ready-line-pending = Tu vídeo para «{ $prompt }» está listo. La moderación lo revisará antes de que el resto de tu grupo pueda verlo; te avisaremos.
mail-ready-action = Ver tu vídeo

## No pudimos usar tu vídeo: qué falló y qué hacer

mail-rejected-subject = No pudimos usar tu vídeo para «{ $prompt }»
mail-rejected-action = Subir un vídeo nuevo
mail-duration =
    { $unit ->
        [minutes]
            { $n ->
                [1] un minuto
               *[other] { $n } minutos
            }
       *[seconds]
            { $n ->
                [1] un segundo
               *[other] { $n } segundos
            }
    }
mail-rejected-too_short-limit = Tu vídeo dura menos de { mail-duration }, lo mínimo que acepta esta consigna.
mail-rejected-too_short-limit-next = Graba una respuesta de al menos { mail-duration } y súbela de nuevo.
mail-rejected-too_long-limit = Tu vídeo dura más de { mail-duration }, lo máximo que acepta esta consigna.
mail-rejected-too_long-limit-next = Recórtalo a { mail-duration } o menos, o graba una respuesta más corta, y súbelo de nuevo.
mail-rejected-not_a_video = El archivo que enviaste no es un vídeo.
mail-rejected-not_a_video-next = Graba tu respuesta de nuevo o elige un archivo de vídeo, como MP4, MOV o WebM.
mail-rejected-unsupported_container = No podemos leer este tipo de archivo de vídeo.
mail-rejected-unsupported_container-next = Guárdalo o expórtalo como MP4 o WebM y súbelo de nuevo.
mail-rejected-no_video_stream = El archivo tiene sonido pero no imagen.
mail-rejected-no_video_stream-next = Comprueba que la cámara está encendida y permitida en tu navegador, y graba de nuevo.
mail-rejected-too_short = Tu vídeo es más corto de lo que pide esta consigna.
mail-rejected-too_short-next = Graba una respuesta un poco más larga y súbela de nuevo.
mail-rejected-too_long = Tu vídeo supera el tiempo permitido para esta consigna.
mail-rejected-too_long-next = Recórtalo, o graba una respuesta más corta que quepa en el límite, y súbelo de nuevo.
mail-rejected-too_large = Tu vídeo es demasiado grande: el archivo o el tamaño de la imagen supera nuestro límite.
mail-rejected-too_large-next = Graba de nuevo con menos resolución (720p es suficiente) o exporta un archivo más pequeño, y súbelo de nuevo.
mail-rejected-too_small = La imagen de tu vídeo es demasiado pequeña para verse bien.
mail-rejected-too_small-next = Graba de nuevo con la cámara a una resolución más alta.
mail-rejected-corrupt = Tu archivo de vídeo está dañado y no se puede reproducir.
mail-rejected-corrupt-next = Suele pasar cuando una grabación o una subida se interrumpe. Graba de nuevo o vuelve a subir el archivo original.
mail-rejected-timeout = Procesar tu vídeo tardó demasiado.
mail-rejected-timeout-next = Un vídeo más corto o más ligero suele funcionar. Inténtalo de nuevo.
mail-rejected-internal_error = Algo salió mal por nuestra parte al procesar tu vídeo.
mail-rejected-internal_error-next = No es culpa tuya. Súbelo de nuevo; si vuelve a pasar, avisa a la moderación de tu curso.
mail-rejected-other = No pudimos procesar tu vídeo.
mail-rejected-other-next = Grábalo o súbelo de nuevo; si vuelve a pasar, avisa a la moderación de tu curso.

## La moderación tomó una decisión sobre tu vídeo

mail-decided-subject =
    { $action ->
        [approve] Tu vídeo para «{ $prompt }» fue aprobado
        [hide] Tu vídeo para «{ $prompt }» fue ocultado
        [remove] Tu vídeo para «{ $prompt }» fue retirado
        [restore] Tu vídeo para «{ $prompt }» vuelve a estar visible
       *[other] La moderación revisó tu vídeo para «{ $prompt }»
    }
mail-decided-line =
    { $action ->
        [approve] La moderación aprobó tu vídeo. El resto de tu grupo ya puede verlo.
        [hide] La moderación ocultó tu vídeo. Ya no se muestra a tu grupo, pero no se ha borrado.
        [remove] La moderación retiró tu vídeo. Ya no se muestra a nadie de tu grupo.
        [restore] La moderación restableció tu vídeo. Tu grupo puede verlo de nuevo.
       *[other] La moderación revisó tu vídeo.
    }
mail-decided-lead = Los motivos de esta decisión:
mail-decided-appeal = Si crees que es un error, ponte en contacto con la moderación de tu curso.
mail-decided-action = Ver tu publicación

## El resumen de la cola de moderación

mail-digest-subject-empty = { $course }: nada pendiente de revisar
mail-digest-subject =
    { $course }: { $pending ->
        [one] { $pending } vídeo
       *[other] { $pending } vídeos
    } por revisar, { $flagged ->
        [one] { $flagged } denunciado
       *[other] { $flagged } denunciados
    }
mail-digest-intro = Esto es lo que espera en la cola de moderación de «{ $course }».
mail-digest-action = Abrir la cola
mail-digest-waiting = Esperando aprobación: { $count }
mail-digest-flagged = Denunciados por participantes: { $count }
mail-digest-cohort = { $cohort }: { $pending } en espera, { $flagged ->
        [one] { $flagged } denunciado
       *[other] { $flagged } denunciados
    }
mail-digest-oldest =
    El más antiguo lleva esperando { $unit ->
        [none] menos de una hora
        [hours]
            { $n ->
                [one] { $n } hora
               *[other] { $n } horas
            }
       *[days]
            { $n ->
                [one] { $n } día
               *[other] { $n } días
            }
    }.

## Un recordatorio para responder a una consigna

mail-nudge-subject = Recordatorio: «{ $prompt }» espera tu vídeo
mail-nudge-default = Tu grupo tiene ganas de saber de ti. Graba una respuesta corta en vídeo a «{ $prompt }».
mail-nudge-action = Grabar mi respuesta
mail-nudge-closes = La consigna se cierra el { mail-date }.
mail-date = { $day } de { mail-month } de { $year } a las { $time } UTC
mail-month =
    { $month ->
        [1] enero
        [2] febrero
        [3] marzo
        [4] abril
        [5] mayo
        [6] junio
        [7] julio
        [8] agosto
        [9] septiembre
        [10] octubre
        [11] noviembre
       *[12] diciembre
    }
