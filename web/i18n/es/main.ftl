# Páginas de Crosstalk: español.

app-name = Crosstalk
home-text = Crosstalk es donde tu grupo del curso responde a las consignas con vídeos cortos. Para entrar, abre el enlace de acceso que te envió el equipo del curso.
skip-to-content = Ir al contenido
nav-label = Principal
nav-course = Inicio del curso
nav-my-posts = Mis publicaciones
nav-sign-out = Cerrar sesión
lang-nav-label = Idioma
lang-en = English
lang-fr = Français
lang-de = Deutsch
lang-es = Español
lang-it = Italiano
lang-ar = العربية

## Inicio de sesión

signin-used-title = Este enlace ya se usó
signin-used-text = Cada enlace de acceso funciona una sola vez. Pide un enlace nuevo al equipo del curso.
signin-expired-title = Este enlace ha caducado
signin-expired-text = Los enlaces de acceso solo valen durante un tiempo. Pide un enlace nuevo al equipo del curso.
signin-unknown-title = Este enlace no funciona
signin-unknown-text = No reconocemos este enlace de acceso. Comprueba que lo copiaste entero o pide uno nuevo al equipo del curso.
signed-out-title = Has cerrado la sesión
signed-out-text = Para volver, abre un nuevo enlace de acceso del equipo del curso.

## Errores

error-not-found-title = Página no encontrada
error-signed-out-title = Inicia sesión
error-csrf-title = Este formulario ha caducado
error-refused-title = No ha funcionado
error-internal-title = Algo salió mal
error-generic = Algo salió mal. Inténtalo de nuevo.
error-not_found = Esta página no existe o no puedes verla.
error-signed_out = Tu sesión ha terminado. Abre de nuevo tu enlace de acceso.
error-csrf_failed = Por tu seguridad se rechazó esta solicitud. Vuelve atrás, recarga la página e inténtalo de nuevo.
error-internal_error = Algo salió mal por nuestra parte. Inténtalo de nuevo en un momento.
error-upload_incomplete = Tu vídeo aún no ha terminado de subirse.
error-unknown_upload = No encontramos el vídeo que subiste. Envíalo de nuevo.
error-upload_empty = El archivo de vídeo está vacío. Graba de nuevo.
error-upload_already_posted = Este vídeo ya se envió.
error-prompt_closed = Esta consigna ya no acepta respuestas.
error-prompt_not_open = Esta consigna aún no acepta respuestas.
error-muted = Una persona moderadora ha pausado tus publicaciones en este curso.
error-already_flagged = Ya denunciaste esta publicación. La moderación la revisará.
error-own_post = No puedes denunciar tu propia publicación. Puedes eliminarla.
error-not_flaggable = Solo se pueden denunciar publicaciones visibles.
error-parent_not_visible = Solo puedes responder a una publicación visible.
error-reply_too_deep = Las respuestas no pueden anidarse más en esta conversación.
error-invalid_body = No se entendió la solicitud. Recarga la página e inténtalo de nuevo.
error-malformed_json = No se entendió la solicitud. Recarga la página e inténtalo de nuevo.
error-invalid_reason = Elige un motivo.
error-author_only = Solo quien la publicó puede eliminar esta publicación.
error-validation_failed = Algún dato no es válido. Revísalo e inténtalo de nuevo.
error-too_many_uploads = Tienes demasiadas subidas sin terminar. Termina o cancela una primero.
error-rate_limited = Has hecho esto muchas veces en poco tiempo. Espera unos minutos y vuelve a intentarlo.

## Inicio del curso

course-welcome = Te damos la bienvenida, { $name }.
course-empty = Este curso aún no tiene contenido.
course-answered = Respondida
course-not-yet = Aún sin responder

## Página de la consigna

prompt-opens-on = Se abre el { $date }
prompt-open-until = Abierta hasta el { $date }
prompt-closed-on = Cerrada el { $date }
prompt-seconds = Responde en { $min } a { $max } segundos.
prompt-my-answer = Tu respuesta
prompt-not-open-yet = Esta consigna aún no está abierta.
prompt-cohort-threads = Respuestas de tu grupo
prompt-no-threads = Nadie ha respondido todavía.
pager-label = Páginas
pager-first = Respuestas más recientes
pager-more = Respuestas anteriores

## Conversación

thread-title = Respuesta de { $name }
thread-replies = { $count ->
    [0] Sin respuestas
    [one] 1 respuesta
   *[other] { $count } respuestas
}
thread-new = Nuevo

## Publicaciones

post-deleted = Publicación eliminada
post-you = tú
post-statement = Motivo de la moderación:
post-delete = Eliminar
video-by = Vídeo de { $name }
video-processing = Este vídeo se está preparando.
state-processing = Preparándose
state-pending = Esperando a la moderación
state-hidden = Ocultada por la moderación
state-removed = Retirada por la moderación
state-deleted = Eliminada
state-rejected = No aceptada
notice-flagged = Gracias. La moderación revisará esta publicación.
notice-deleted = Tu publicación se eliminó.

## Denunciar una publicación

flag-open = Denunciar
flag-reason = ¿Por qué denuncias esta publicación?
flag-choose = Elige un motivo
flag-note = Algo más que deba saber la moderación (opcional)
flag-send = Enviar denuncia
flag-reason-offensive = Ofensiva
flag-reason-harassment = Acoso o intimidación
flag-reason-hate = Odio
flag-reason-spam = Spam o publicidad
flag-reason-off-topic = Fuera de tema
flag-reason-privacy = Revela información privada
flag-reason-self-harm = Alguien puede estar en peligro
flag-reason-other = Otro motivo

## Por qué no se aceptó un vídeo

reason-not-a-video = Este archivo no es un vídeo. Graba o elige un archivo de vídeo.
reason-unsupported-container = Este formato de vídeo no es compatible. Graba con la cámara del móvil o con esta página.
reason-no-video-stream = Este archivo tiene sonido pero no imagen. Graba un vídeo.
reason-too-short = Este vídeo es más corto de lo que pide la consigna. Graba una respuesta más larga.
reason-too-long = Este vídeo es más largo de lo que permite la consigna. Graba una respuesta más corta.
reason-too-large = La imagen de este vídeo es demasiado grande. Graba con una resolución normal de móvil.
reason-too-small = La imagen de este vídeo es demasiado pequeña para verse. Graba de nuevo.
reason-corrupt = Este archivo de vídeo está dañado. Súbelo de nuevo o graba otro.
reason-timeout = Preparar este vídeo tardó demasiado. Prueba con una grabación más corta.
reason-internal-error = Algo salió mal por nuestra parte al preparar este vídeo. Lo estamos revisando.

## Mis publicaciones

my-posts-title = Mis publicaciones
my-posts-empty = Aún no has publicado nada.
my-posts-open-thread = Abrir la conversación

## Grabadora

rec-heading-answer = Graba tu respuesta
rec-heading-reply = Responde con un vídeo
rec-needs-js = Para grabar y enviar un vídeo se necesita JavaScript. Actívalo o usa otro navegador.
rec-record = Grabar
rec-stop = Detener
rec-retake = Repetir
rec-send = Enviar
rec-cancel = Cancelar
rec-preview = Vista previa
rec-switch-camera = Cambiar de cámara
rec-camera-front = Cámara frontal
rec-camera-back = Cámara trasera
rec-hide-self-view = Ocultar mi imagen
rec-show-self-view = Mostrar mi imagen
rec-self-view-hidden = Tu imagen está oculta. La grabación continúa.
rec-recording = Grabando
rec-time-elapsed = Tiempo grabado
rec-time-limit = Límite: { $max } segundos
rec-starting-camera = Iniciando la cámara…
rec-uploading = Subiendo…
rec-upload-paused = Subida en pausa. Continuará cuando vuelvas a tener conexión.
rec-resuming = Reanudando tu subida…
rec-processing = Preparando…
rec-ready = Tu vídeo está listo
rec-view-post = Ver tu publicación
rec-rejected = Tu vídeo no fue aceptado
rec-failed = Algo salió mal por nuestra parte
rec-retry = Reintentar
rec-record-again = Grabar de nuevo
rec-pick-file = Elegir un archivo de vídeo
rec-or-pick-file = O elige un archivo de vídeo
rec-no-camera = No hay cámara disponible. Puedes elegir un archivo de vídeo.
rec-permission-denied = La cámara está bloqueada. Permítela en la configuración del navegador o elige un archivo de vídeo.
rec-not-supported = Este navegador no puede grabar vídeo. Puedes elegir un archivo de vídeo.
rec-offline = No tienes conexión. La subida continuará cuando vuelvas a tenerla.
rec-online = Vuelves a tener conexión.
rec-too-short = Graba al menos { $min } segundos.
rec-too-long = Este vídeo dura más de { $max } segundos.
rec-max-reached = Llegaste al límite de { $max } segundos. La grabación se detuvo.
rec-error = Algo salió mal. Inténtalo de nuevo.
rec-text-label = Unas palabras con tu vídeo (opcional)
rec-sent = Enviado
rec-progress = Progreso
# console (facilitator console pages; keep every key in all six languages)
nav-console = Consola
nav-console-queue = Cola de moderación
notice-decided = Decisión guardada.
notice-nudged = Recordatorios enviados.
notice-muted = El estudiante está silenciado.
notice-unmuted = El estudiante puede volver a publicar.
console-overview-title = Consola de facilitación
console-queue-waiting =
    { $count ->
        [one] 1 publicación en espera
       *[other] { $count } publicaciones en espera
    }
console-queue-waiting-many = Más de { $count } publicaciones en espera
console-no-cohorts = No facilitas ninguna cohorte de este curso.
console-cohort-pages = Páginas de tus cohortes
console-cohorts-shown = Cohortes { $from }–{ $to } de { $total }
console-prompts-caption = Respuestas y réplicas por consigna
console-col-prompt = Consigna
console-col-answered = Respondieron
console-col-not-answered = Aún sin responder
console-col-not-replied = Aún sin replicar
console-col-lonely = Respuestas sin réplica
console-lonely-link = respuesta { $n }
console-learners-caption = Estudiantes y su última actividad
console-col-learner = Estudiante
console-col-posts = Respuestas
console-col-replies = Réplicas
console-col-last-activity = Última actividad
console-idle = Nada aún
console-never = Nunca
console-queue-title = Cola de moderación
console-back-overview = Volver al resumen
console-keys-hint = Pulsa ? para ver los atajos de teclado.
console-filter-cohort = Cohorte
console-filter-prompt = Consigna
console-filter-reason = Motivo del reporte
console-filter-all = Todas
console-filter-apply = Filtrar
console-queue-empty = Nada espera una decisión.
console-item-heading = { $author } en «{ $prompt }»
console-open-thread = Abrir la conversación
console-in-reply-to = En respuesta a { $author }:
console-flags = Reportes
console-flag-count = { $reason }: { $count }
console-history = Historial del autor: { $removals } publicaciones retiradas, { $mutes } silenciamientos
console-muted-now = Silenciado
console-reason = Motivo
console-statement = Motivación (el autor la verá)
console-next-page = Página siguiente
console-keys-title = Atajos de teclado
console-key-next-prev = Publicación siguiente / anterior
console-key-reason = Elegir un motivo
console-key-help = Mostrar esta ayuda
console-close = Cerrar
console-action-approve = Aprobar
console-action-hide = Ocultar
console-action-remove = Retirar
console-action-restore = Restaurar
console-state-processing = Procesándose
console-state-pending = Pendiente de aprobación
console-state-visible = Publicada, reportada
console-state-hidden = Oculta
console-state-removed = Retirada
console-state-deleted = Eliminada por el autor
console-state-rejected = No aceptada
console-statement-offensive = Tu publicación se consideró ofensiva para otros participantes.
console-statement-harassment = Tu publicación ataca a otro participante; el acoso no está permitido.
console-statement-hate = Tu publicación contiene contenido de odio, que no está permitido.
console-statement-spam = Tu publicación parece spam o publicidad.
console-statement-off-topic = Tu publicación no responde a la consigna.
console-statement-privacy = Tu publicación comparte información privada de alguien.
console-statement-self-harm = Tu publicación nos preocupa; un facilitador se pondrá en contacto contigo.
console-statement-other = Un facilitador revisó tu publicación.
console-already-decided-title = Ya decidido
console-already-decided = Otro facilitador fue más rápido; tu decisión no se aplicó. ({ $detail })
console-notice-decided = Decisión guardada.
console-js-failed = No se pudo enviar la decisión. Inténtalo de nuevo.
console-nudges-title = Recordatorios
console-nudges-link = Enviar recordatorios
console-nudge-message = Mensaje (puedes editarlo antes de enviarlo)
console-nudge-all = Recordar a quienes no han respondido
console-nudge-one = Recordar a { $name }
console-nudged-at = Recordado el { $when }
console-not-nudged = Sin recordatorio
console-nudge-none = Todos en tus cohortes han respondido.
console-nudge-rule = Cada estudiante recibe como máximo un recordatorio al día por consigna.
console-nudge-sent =
    { $count ->
        [one] 1 recordatorio enviado.
       *[other] { $count } recordatorios enviados.
    }
console-mute = Silenciar
console-unmute = Quitar silencio
console-mute-reason = Motivo (queda en el registro)
console-unmute-reason = ¿Por qué puede volver a publicar? (queda en el registro)
console-audit-title = Registro de moderación
console-filter-actor = Quién
console-filter-action = Acción
console-export-csv = Exportar como CSV
console-col-when = Cuándo
console-col-subject = Afectado
console-course-team = el equipo del curso
console-audit-empty = Aún no hay nada registrado.

# lti
lti-login-refused-title = No se pudo abrir esta herramienta
lti-login-refused-text = Tu plataforma de aprendizaje pidió abrir Crosstalk, pero la solicitud no es aceptable. Pide al equipo del curso que revise la configuración de la herramienta.
lti-launch-refused-title = Se rechazó el acceso desde tu curso
lti-launch-refused-text = Crosstalk no pudo confirmar que la solicitud viniera de tu plataforma del curso, así que no iniciaste sesión. Vuelve al curso y abre la actividad de nuevo.
lti-cookies-blocked-title = Tu navegador bloqueó el acceso dentro de la página del curso
lti-cookies-blocked-text = Tu navegador no permite que Crosstalk mantenga la sesión dentro de la página del curso. Ábrelo en una pestaña nueva para continuar.
lti-open-new-tab = Abrir en una pestaña nueva
lti-storage-title = Abriendo Crosstalk…
lti-storage-text = Comprobando tu acceso con tu plataforma del curso. Tarda un momento.
lti-continue = Continuar
lti-session-blocked-title = Continúa en una pestaña nueva
lti-session-blocked-text = Has iniciado sesión, pero tu navegador no permite que Crosstalk mantenga la sesión dentro de la página del curso. Ábrelo en una pestaña nueva para continuar.
lti-reason = Motivo: { $reason }
lti-deep-link-title = Elige una consigna para añadir al curso
lti-deep-link-text = La consigna elegida se abre directamente cuando los estudiantes siguen el enlace del curso.
lti-deep-link-choose = Consigna
lti-deep-link-none = Este curso aún no tiene consignas. Crea primero módulos y consignas.
lti-deep-link-add = Añadir al curso
lti-deep-link-return = Volver a la plataforma del curso
lti-deep-link-send = Enviar a la plataforma del curso
lti-deep-link-staff-only-title = Solo el equipo del curso puede añadir actividades
lti-deep-link-staff-only-text = Añadir consignas de Crosstalk a un curso está reservado a docentes y tutores.

# own data (issue 14: captions, download, erasure, chosen names; keep every key in all six languages)
captions-available = Subtítulos:
captions-how = Activa los subtítulos con el botón CC del reproductor de vídeo.
notice-name-saved = Tu nombre se ha guardado.
form-error-summary = Hay un problema
own-data-heading = Tus datos
own-export-text = Descarga todo lo que publicaste en este curso: tus vídeos, sus subtítulos y una lista de tus publicaciones con las respuestas que recibiste.
own-export-button = Descargar mis vídeos
own-export-first = Descargar primero mis vídeos
own-name-link = Elegir el nombre que ven los demás participantes
own-erase-link = Eliminar mi cuenta en este curso
erase-title = Eliminar tu cuenta en este curso
erase-title-error = Error: Eliminar tu cuenta en este curso
erase-intro = Esto elimina lo que compartiste en { $course }.
erase-deleted-heading = Qué se eliminará
erase-deleted-videos = Todos los vídeos que grabaste o subiste, con sus subtítulos e imágenes.
erase-deleted-texts = Los textos que escribiste con tus publicaciones.
erase-deleted-personal = Tu nombre, tu correo electrónico, tu país y tus idiomas.
erase-deleted-mail = Los correos que esperaban para enviarse a ti.
erase-kept-heading = Qué se conserva
erase-kept-text = Las respuestas de otras personas se quedan en las conversaciones. Tus publicaciones se quedan como publicaciones eliminadas, sin tu nombre, para que las respuestas sigan teniendo sentido.
erase-final = Esto no se puede deshacer.
erase-confirm-label = Entiendo que mis vídeos y mi cuenta en { $course } se eliminarán para siempre.
erase-confirm-missing = Marca la casilla para confirmar que quieres eliminar tu cuenta.
erase-submit = Eliminar mi cuenta
erase-cancel = Conservar mi cuenta y volver
erase-started-title = Tu cuenta se está eliminando
erase-started-intro = Estamos eliminando tu cuenta en { $course }. Tarda unos minutos. Eliminamos:
erase-started-signed-out = Se ha cerrado tu sesión.
name-title = El nombre que ven los demás participantes
name-title-error = Error: El nombre que ven los demás participantes
name-intro = En este curso puedes aparecer ante los demás participantes con un nombre que elijas. Los facilitadores y el equipo del curso siguen viendo tu nombre de la lista del curso.
name-roster = Tu nombre en la lista del curso: { $name }
name-current = Los demás participantes te ven ahora como: { $name }
name-label = Tu nombre para los demás participantes
name-hint = Hasta { $max } caracteres. No uses el nombre de otra persona.
name-save = Guardar
name-remove = Usar mi nombre de la lista del curso
error-invalid_pseudonym = Escribe un nombre de 1 a 40 caracteres.
error-pseudonym_taken = Alguien en este curso ya usa ese nombre. Elige otro.
error-pseudonyms_off = Este curso no usa nombres elegidos.
error-learners_only = Solo los participantes pueden elegir un nombre.

# dependencies down (issue 15): pages say so with 503/507, not "something went wrong"
error-unavailable-title = Inténtalo de nuevo en un momento
error-database_unavailable = Ahora mismo no podemos acceder a nuestra base de datos. No se ha perdido nada de lo que enviaste: inténtalo de nuevo en un momento.
error-store_unavailable = Ahora mismo no podemos acceder a nuestro almacenamiento de vídeo. No se ha perdido nada de lo que enviaste: inténtalo de nuevo en un momento.
error-insufficient_storage = Nuestro servidor no tiene espacio para esto ahora mismo. Lo que ya enviaste se conserva: inténtalo más tarde.
