//! Email: rendering notifications (en/fr) and sending them over SMTP or to .eml files.
