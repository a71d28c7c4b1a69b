language-name = Português
date-locale = pt_BR
format-date-long = %A, %-d de %B de %Y
format-date-short = %a, %-d %b
format-time = %H:%M
format-date-medium = %-d de %B de %Y
