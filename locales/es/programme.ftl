festival-cancelled = Este festival ha sido cancelado.
programme-timetable-link = Ver el horario por lugar
programme-subscribe = Suscribirse al programa en su calendario
programme-filters = Buscar una actividad
programme-activities = Actividades
programme-count = { $shown ->
    [one] 1 actividad
   *[other] { $shown } actividades
} de { $total }
programme-nothing = Ninguna actividad coincide con estos filtros. Pruebe con menos filtros.
filter-day = Día
filter-any-day = Cualquier día
filter-audience = Para
filter-anyone = Todo público
filter-theme = Tema
filter-any-theme = Cualquier tema
filter-language = Idioma
filter-any-language = Cualquier idioma
filter-search = Palabras del título o la descripción
filter-accessible = Solo en lugares con acceso sin escalones
filter-available = Solo con plazas libres
filter-submit = Mostrar actividades
filter-clear = Quitar los filtros

event-online = En línea
event-audience = Para
event-language = Idioma
availability-open = Plazas disponibles
availability-seats-left = { $count ->
    [one] Queda 1 plaza
   *[other] Quedan { $count } plazas
}
availability-waitlist = { $count ->
    [0] Completo: apúntese a la lista de espera
   *[other] Completo: apúntese a la lista de espera ({ $count } esperando)
}
availability-open_entry = Entrada libre: no hace falta inscribirse
availability-closed = Inscripción cerrada: ya empezó o terminó
availability-cancelled = Cancelada

timetable-title = Horario
timetable-days = Días del festival
timetable-nothing = No hay actividades este día.
timetable-caption = Actividades del { $day }, por lugar y hora de inicio
timetable-time = Hora
