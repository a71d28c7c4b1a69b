festival-kind-festival = Festival de aprendizagem
festival-kind-conference = Conferência
festival-kind-forum = Fórum
festival-state-upcoming = Em breve
festival-state-running = Acontecendo agora
festival-state-past = Encerrado
festival-state-cancelled = Cancelado

event-kind-workshop = Oficina
event-kind-talk = Palestra
event-kind-panel = Mesa-redonda
event-kind-exhibition = Exposição
event-kind-plenary = Plenária
event-kind-ceremony = Cerimônia
event-kind-forum = Fórum
event-kind-activity = Atividade
event-kind-other = Atividade

venue-feature-step_free_access = Acesso sem degraus
venue-feature-accessible_toilet = Banheiro acessível
venue-feature-hearing_loop = Aro magnético
venue-feature-quiet_room = Sala silenciosa
venue-feature-tactile_paving = Piso tátil
venue-feature-accessible_parking = Estacionamento acessível

event-access-sign_language = Interpretação em língua de sinais
event-access-captioning = Legendas ao vivo
event-access-easy_read = Materiais de leitura fácil
event-access-audio_description = Audiodescrição

registration-status-confirmed = Confirmada
registration-status-waitlisted = Na lista de espera
registration-status-cancelled = Cancelada

language-es = Espanhol
language-en = Inglês
language-pt = Português
language-qu = Kichwa
language-fr = Francês
