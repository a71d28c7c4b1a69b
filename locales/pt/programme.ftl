festival-cancelled = Este festival foi cancelado.
programme-timetable-link = Ver a grade horária por local
programme-subscribe = Assinar a programação no seu calendário
programme-filters = Encontrar uma atividade
programme-activities = Atividades
programme-count = { $shown ->
    [one] 1 atividade
   *[other] { $shown } atividades
} de { $total }
programme-nothing = Nenhuma atividade corresponde a estes filtros. Tente com menos filtros.
filter-day = Dia
filter-any-day = Qualquer dia
filter-audience = Para
filter-anyone = Todos os públicos
filter-theme = Tema
filter-any-theme = Qualquer tema
filter-language = Idioma
filter-any-language = Qualquer idioma
filter-search = Palavras do título ou da descrição
filter-accessible = Só em locais com acesso sem degraus
filter-available = Só com vagas
filter-submit = Mostrar atividades
filter-clear = Limpar os filtros

event-online = On-line
event-audience = Para
event-language = Idioma
availability-open = Vagas disponíveis
availability-seats-left = { $count ->
    [one] Resta 1 vaga
   *[other] Restam { $count } vagas
}
availability-waitlist = { $count ->
    [0] Lotado: entre na lista de espera
   *[other] Lotado: entre na lista de espera ({ $count } esperando)
}
availability-open_entry = Entrada livre: não precisa se inscrever
availability-closed = Inscrições encerradas: já começou ou terminou
availability-cancelled = Cancelada

timetable-title = Grade horária
timetable-days = Dias do festival
timetable-nothing = Nenhuma atividade neste dia.
timetable-caption = Atividades de { $day }, por local e horário de início
timetable-time = Horário
