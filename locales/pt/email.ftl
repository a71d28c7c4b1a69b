# Emails (templates/email/). Every argument is text already written for the reader, except
# the numbers `seats`, `position` (0 when no longer waiting) and `count`.

# When an event happens: "terça, 9 de março de 2027, 10:00–12:00 (America/Sao_Paulo)".
time-span = { $day }, { $start }–{ $end } ({ $zone })
time-span-days = { $day }, { $start } – { $end_day }, { $end } ({ $zone })

email-greeting = Olá, { $name }!
email-sign-off = Atenciosamente,
email-signature = Equipe de { $festival }
email-why = Você recebe este e-mail porque se inscreveu em uma atividade de { $festival }.
email-manage = Gerenciar sua inscrição

email-when = Quando
email-where = Onde
email-online = On-line
email-host = Com
email-accessibility = Acessibilidade
email-your-needs = Você nos informou
email-registration = Inscrição
email-seats = { $seats ->
    [one] para 1 pessoa
   *[other] para { $seats } pessoas
}
email-more-information = Mais informações
email-more-information-link = Mais informações sobre a atividade
email-event-page = Página da atividade
email-calendar-heading = Adicione todas as suas atividades à sua agenda:
email-calendar-subscription = É um link de assinatura: sua agenda ficará sempre em dia com as suas inscrições.
email-calendar-google = Google Agenda: “Outras agendas” → “+” → “Do URL” e cole o link.
email-calendar-apple = Calendário da Apple: “Arquivo” → “Nova Assinatura de Calendário” e cole o link.
email-calendar-outlook = Outlook: “Adicionar calendário” → “Assinar da Web” e cole o link.

email-invitation-attached = Anexamos um convite de agenda (.ics): abra-o para adicionar a atividade à sua agenda.
email-cancel-update-removes = Se você tinha adicionado a atividade à sua agenda, a atualização anexa a remove.

email-confirmed-subject = Inscrição confirmada: { $title }
email-confirmed-intro = Sua inscrição em “{ $title }” está confirmada{ $seats ->
    [one] {""}
   *[other] {" "}para { $seats } pessoas
}. Até breve!
email-confirmed-cancel-hint = Se não puder mais ir, cancele sua inscrição pelo link abaixo para que alguém da lista de espera fique com a sua vaga.

email-waitlisted-subject = Na lista de espera: { $title }
email-waitlisted-intro = No momento não há vagas suficientes em “{ $title }”, então sua inscrição{ $seats ->
    [one] {""}
   *[other] {" "}para { $seats } pessoas
} ficou na lista de espera{ $position ->
    [0] {""}
    [1] {", em primeiro lugar"}
   *[other] {", "}na posição { $position }
}.
email-waitlisted-nothing-to-do = Você não precisa fazer mais nada: se abrirem vagas, sua inscrição será confirmada automaticamente e enviaremos um e-mail.
email-waitlisted-leave = Se não tiver mais interesse, você pode sair da lista de espera pelo link abaixo.

email-promoted-subject = Boas notícias: você tem vaga em { $title }
email-promoted-intro = Boas notícias! Há vaga para você em “{ $title }”: sua inscrição{ $seats ->
    [one] {""}
   *[other] {" "}para { $seats } pessoas
} passou da lista de espera para confirmada.
email-promoted-cancel-hint = Se não puder mais ir, cancele sua inscrição pelo link abaixo para que a vaga passe para a próxima pessoa da lista de espera.

email-starts-in-now = agora
email-starts-in-tomorrow = amanhã
email-starts-in-days = em { $count } dias
email-starts-in-hours = { $count ->
    [one] em 1 hora
   *[other] em { $count } horas
}
email-starts-in-minutes = { $count ->
    [one] em 1 minuto
   *[other] em { $count } minutos
}
email-reminder-subject = Lembrete: { $title } começa { $starts_in }
email-reminder-intro = Lembramos que “{ $title }” começa { $starts_in }. Abaixo você encontra o horário, o local e os detalhes de acessibilidade.
email-reminder-cancel-hint = Se não puder mais ir, cancele sua inscrição pelo link abaixo para que outra pessoa fique com a sua vaga.
email-reminders-off = Deixar de receber lembretes desta atividade

email-changed-time-and-place = Mudança de horário e local
email-changed-time = Mudança de horário
email-changed-place = Mudança de local
email-changed-other = Mudanças na atividade
email-changed-subject = { $what }: { $title }
email-changed-intro = A organização fez mudanças em “{ $title }”.
email-changed-when-heading = Data e horário
email-changed-place-heading = Local
email-changed-before-now = Antes: { $before } → Agora: { $now }
email-online-only = on-line
email-changed-invitation = O convite de agenda anexo atualiza a atividade na sua agenda. Se não puder mais ir, cancele sua inscrição pelo link abaixo para que outra pessoa fique com a sua vaga.
email-changed-updated = Estes são os dados atualizados:

email-event-cancelled-subject = Atividade cancelada: { $title }
email-event-cancelled-intro = Lamentamos informar que a organização cancelou “{ $title }”.
email-event-cancelled-nothing-to-do = Sua inscrição também foi cancelada e você não precisa fazer nada.
email-event-cancelled-apology = Pedimos desculpas pelo transtorno e esperamos ver você em outras atividades de { $festival }.

email-registration-cancelled-subject = Inscrição cancelada: { $title }
email-registration-cancelled-intro = Confirmamos que sua inscrição em “{ $title }” foi cancelada, como você pediu. Obrigado por nos avisar.
email-registration-cancelled-again = Se foi um engano, você pode se inscrever de novo enquanto houver vagas, na página da atividade:

email-calendar-link-subject = O link da sua agenda de { $festival }
email-calendar-link-intro = Você pediu o link da sua agenda pessoal: ela reúne todas as atividades em que você tem inscrição confirmada, com horários e locais, e se atualiza sozinha quando algo muda.
email-calendar-link-ignore = Se você não pediu, pode ignorar este e-mail: o link só é enviado para este endereço.

# O link para entrar no console, para um membro da organização.
email-sign-in-subject = Entrar em { $organisation } no Convoca
email-sign-in-greeting = Olá,
email-sign-in-intro = Alguém, esperamos que você, pediu para entrar no console de { $organisation } como { $email }. Use este link para entrar:
email-sign-in-button = Entrar
email-sign-in-expiry = O link funciona uma única vez, por { $minutes } minutos.
email-sign-in-ignore = Se você não pediu, ignore este e-mail: ninguém consegue entrar sem este link.

# O código que uma pessoa confirmada mostra na entrada, com a sua imagem QR.
email-door-code = Seu código para a entrada
email-door-hint = Mostre este código ou o código QR ao chegar.
email-door-qr-alt = Código QR da sua inscrição, código { $code }

# Para alguém que uma pessoa proprietária adicionou à organização.
email-invited-subject = Você já pode entrar em { $organisation } no Convoca
email-invited-intro = { $by } adicionou você a { $organisation } no Convoca, com o papel { $role }.
email-invited-how = Para entrar, abra o console e digite { $email }: você receberá neste endereço um link para entrar. Não há senha.
email-invited-button = Abrir o console
# O relatório semanal dos números de um festival, para quem o administra.
email-report-subject = { $festival }: a semana de { $week }
email-report-subject-final = { $festival }: os números finais
email-report-intro = Estes são os números de { $festival } da semana de { $week }.
email-report-intro-final = { $festival } terminou. Estes são os seus números finais.
email-report-figures = Os números
email-report-changes = Desde o último relatório
email-report-changes-first = Até agora
email-report-new-registrations = { $count ->
    [one] 1 inscrição nova
   *[other] { $count } inscrições novas
}
email-report-failed = { $count ->
    [0] Nenhum e-mail falhou
    [one] 1 e-mail falhou
   *[other] { $count } e-mails falharam
}
email-report-see-failed = Ver
email-report-filled = { $count ->
    [0] Nenhuma atividade lotou.
    [one] 1 atividade lotou:
   *[other] { $count } atividades lotaram:
}
email-report-grown = { $count ->
    [0] Nenhuma lista de espera cresceu.
    [one] 1 lista de espera cresceu:
   *[other] { $count } listas de espera cresceram:
}
email-report-grown-by = de { $before } para { $now } em espera
email-report-more = e mais { $count }
email-report-all-figures = Ver todos os números
email-report-why = Você recebe este relatório como membro de { $organisation }.
email-report-turn-off = Desativar
