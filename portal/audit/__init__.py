"""The security log: who signed in, who changed whose rights, who read Part 2.

Administrators read it at ``/<lang>/admin/security-log``. Each event is
written in the same transaction as the change it records (or committed on
its own for reads and refused sign-ins), so the log never claims a change
that did not happen.
"""
