manage-title = Sua inscrição
manage-done-cancelled = Sua inscrição está cancelada. Suas vagas foram para as próximas pessoas da lista de espera. Enviamos um e-mail para confirmar.
manage-done-link-sent = Enviamos o link do seu calendário para { $email }. Pode levar alguns minutos para chegar.
manage-your-registration = Sua inscrição
manage-status-confirmed = { $seats ->
    [one] Confirmada: 1 vaga está reservada para você.
   *[other] Confirmada: { $seats } vagas estão reservadas para você.
}
manage-status-waitlisted = Você é o número { $position } na lista de espera. Se vagas forem liberadas para você, enviaremos um e-mail na hora.
manage-status-cancelled = Cancelada em { $date }.
manage-name = Nome
manage-email = E-mail
manage-access-needs = Suas necessidades de acessibilidade
manage-event-cancelled = Os organizadores cancelaram esta atividade. Sentimos muito.
manage-when-where = Quando e onde
manage-changed = O horário ou o local mudou desde a sua inscrição.
manage-changed-when = Antes era: { $was }.
manage-changed-place = Antes o local era: { $was }.
manage-map = Ver o local no mapa (OpenStreetMap)
manage-activity-page = Mais sobre esta atividade
manage-calendar = Adicione ao seu calendário
manage-add-ics = Baixar para o seu calendário (.ics)
manage-calendar-link-hint = Seu próprio link de calendário mostra todas as atividades em que você se inscrever e se atualiza sozinho quando algo muda. Para sua privacidade, ele só é enviado por e-mail.
manage-calendar-link = Enviar por e-mail o link de todas as minhas atividades
manage-cannot-come = Não pode ir?
manage-cannot-come-hint = Cancele sua inscrição para que suas vagas passem para alguém da lista de espera.
manage-cancel = Cancelar minha inscrição
cancel-title = Cancelar sua inscrição?
cancel-explain = { $seats ->
    [one] Sua vaga será dada à próxima pessoa da lista de espera. Não é possível desfazer.
   *[other] Suas { $seats } vagas serão dadas às próximas pessoas da lista de espera. Não é possível desfazer.
}
cancel-confirm = Sim, cancelar minha inscrição
cancel-not-possible = Esta inscrição não pode mais ser cancelada: já está cancelada ou a atividade já começou.
cancel-keep = Não, manter minha inscrição
manage-reminders = Lembretes
manage-reminders-on = Enviaremos um lembrete por e-mail antes da atividade.
manage-reminders-off = Não enviaremos lembretes desta atividade.
manage-reminders-stop = Deixar de receber lembretes
manage-reminders-start = Voltar a receber lembretes
manage-done-reminders-off = Pronto: você não receberá mais lembretes desta atividade. Continuaremos avisando se ela mudar ou for cancelada.
manage-done-reminders-on = Pronto: voltaremos a enviar lembretes desta atividade.
reminders-title = Deixar de receber lembretes?
reminders-explain = Não enviaremos mais lembretes desta atividade. Sua inscrição continua, e avisaremos se a atividade mudar ou for cancelada.
reminders-confirm = Sim, deixar de receber lembretes
reminders-keep = Voltar à minha inscrição

# The registration's check-in code and QR code.
manage-at-the-door = Na entrada
manage-at-the-door-hint = Mostre este código (ou diga-o) ao chegar: a equipe encontra a sua inscrição na hora.
manage-your-code = Seu código:
manage-qr-alt = Código QR da sua inscrição, código { $code }
