"""Training sessions (研修会) of a subject: days, enrolment, waitlist, attendance."""
