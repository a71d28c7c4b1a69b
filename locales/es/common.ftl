site-name = Convoca
skip-to-content = Ir al contenido
language-switcher = Idioma
footer-about = Convoca: festivales, conferencias y foros de ciudades del aprendizaje.
footer-api = API para desarrolladores

error-not-found-title = Página no encontrada
error-not-found-body = No hay nada en esta dirección. Quizá se escribió mal o la página ya no existe.
error-not-found-festival = Este festival no existe o todavía no es público.
error-not-found-event = Esta actividad no existe o todavía no es pública.
error-too-many-title = Demasiados intentos
error-too-many-body = Hubo demasiados intentos desde su conexión. Vuelva a intentarlo dentro de un minuto.
error-server-title = Algo salió mal
error-server-body = No pudimos mostrar esta página. Vuelva a intentarlo en unos minutos.
error-unavailable-title = El servicio está ocupado
error-unavailable-body = El servicio no puede responder ahora. Vuelva a intentarlo en unos minutos.
error-bad-request-title = No pudimos entender esta petición
error-bad-request-body = Vuelva atrás e inténtelo de nuevo.
error-go-home = Ir a la lista de festivales

# A span of days: "7 September 2026 – 13 September 2026".
date-range = { $start } – { $end }
error-form-title = Este formulario ha caducado
error-form-body = Por su seguridad, los formularios dejan de funcionar tras unas horas o si no vienen de este sitio. Vuelva atrás, recargue la página y envíelo de nuevo.
error-role-title = No corresponde a su rol
error-role-body = Su rol en esta organización no permite esta página. Una persona propietaria de la organización puede cambiar su rol.
# The name of a person's own calendar feed in their calendar app.
feed-person-name = Mis actividades — Convoca
