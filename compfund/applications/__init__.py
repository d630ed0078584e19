"""The applications domain: survivors, their identification, applications, consent, claims,
the workflow's steps, duplicate screening and bulk intake."""
