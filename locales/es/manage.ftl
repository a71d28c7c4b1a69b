manage-title = Su inscripción
manage-done-cancelled = Su inscripción está cancelada. Sus plazas han pasado a las siguientes personas de la lista de espera. Le hemos enviado un correo para confirmarlo.
manage-done-link-sent = Hemos enviado el enlace a su calendario a { $email }. Puede tardar unos minutos en llegar.
manage-your-registration = Su inscripción
manage-status-confirmed = { $seats ->
    [one] Confirmada: tiene 1 plaza reservada.
   *[other] Confirmada: tiene { $seats } plazas reservadas.
}
manage-status-waitlisted = Es el número { $position } de la lista de espera. Si se liberan plazas para usted, le escribiremos enseguida.
manage-status-cancelled = Cancelada el { $date }.
manage-name = Nombre
manage-email = Correo electrónico
manage-access-needs = Sus necesidades de accesibilidad
manage-event-cancelled = Los organizadores han cancelado esta actividad. Lo sentimos.
manage-when-where = Cuándo y dónde
manage-changed = La hora o el lugar han cambiado desde que se inscribió.
manage-changed-when = Antes era: { $was }.
manage-changed-place = Antes el lugar era: { $was }.
manage-map = Ver el lugar en un mapa (OpenStreetMap)
manage-activity-page = Más sobre esta actividad
manage-calendar = Añádala a su calendario
manage-add-ics = Descargar para su calendario (.ics)
manage-calendar-link-hint = Su propio enlace de calendario muestra todas las actividades en las que se inscriba y se actualiza solo cuando algo cambia. Por su privacidad, solo se envía por correo.
manage-calendar-link = Enviarme por correo el enlace a todas mis actividades
manage-cannot-come = ¿No puede venir?
manage-cannot-come-hint = Cancele su inscripción para que sus plazas pasen a alguien de la lista de espera.
manage-cancel = Cancelar mi inscripción
cancel-title = ¿Cancelar su inscripción?
cancel-explain = { $seats ->
    [one] Su plaza pasará a la siguiente persona de la lista de espera. No se puede deshacer.
   *[other] Sus { $seats } plazas pasarán a las siguientes personas de la lista de espera. No se puede deshacer.
}
cancel-confirm = Sí, cancelar mi inscripción
cancel-not-possible = Esta inscripción ya no se puede cancelar: ya está cancelada o la actividad ha empezado.
cancel-keep = No, mantener mi inscripción
manage-reminders = Recordatorios
manage-reminders-on = Le enviaremos un recordatorio por correo antes de la actividad.
manage-reminders-off = No le enviaremos recordatorios de esta actividad.
manage-reminders-stop = Dejar de recibir recordatorios
manage-reminders-start = Volver a recibir recordatorios
manage-done-reminders-off = Listo: no recibirá más recordatorios de esta actividad. Le seguiremos avisando si cambia o se cancela.
manage-done-reminders-on = Listo: le volveremos a enviar recordatorios de esta actividad.
reminders-title = ¿Dejar de recibir recordatorios?
reminders-explain = No le enviaremos más recordatorios de esta actividad. Su inscripción se mantiene, y le seguiremos avisando si la actividad cambia o se cancela.
reminders-confirm = Sí, dejar de recibir recordatorios
reminders-keep = Volver a mi inscripción

# The registration's check-in code and QR code.
manage-at-the-door = En la entrada
manage-at-the-door-hint = Muestre este código (o dígalo) al llegar: el equipo encontrará su inscripción enseguida.
manage-your-code = Su código:
manage-qr-alt = Código QR de su inscripción, código { $code }
