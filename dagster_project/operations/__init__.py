"""What keeps runs healthy on this host, for ``lw`` and the daemon's sensors alike: processes by pid, dead runs."""
