# What the service needs to know about this language: its name in itself (for the language
# switcher) and the chrono locale that writes its dates and times.
language-name = English
date-locale = en_GB
# chrono strftime patterns (https://docs.rs/chrono/latest/chrono/format/strftime/).
format-date-long = %A %-d %B %Y
format-date-short = %a %-d %b
format-time = %H:%M
format-date-medium = %-d %B %Y
