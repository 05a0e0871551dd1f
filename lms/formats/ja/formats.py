# Days people attend: with the weekday. Records and history: the date alone.
DATE_FORMAT = "Y年n月j日（D）"
SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日（D）G:i"
SHORT_DATETIME_FORMAT = "Y年n月j日 G:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
TIME_FORMAT = "G:i"
