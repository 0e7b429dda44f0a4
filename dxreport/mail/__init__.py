"""Mails of a round: unsent drafts (.eml) for every division the board names, from templates
the DX division edits in its working folder."""
