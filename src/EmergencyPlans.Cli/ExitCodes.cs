namespace EmergencyPlans.Cli;

/// <summary>The CLI's exit codes (docs/drills.md, docs/operations.md, emergencyplans --help). Distinct, so a CI job can tell a failed drill from a broken script.</summary>
internal static class ExitCodes
{
    /// <summary>Done: the drill met every expectation, the script or the plans are valid, the card was printed.</summary>
    public const int Ok = 0;

    /// <summary>The drill ran and at least one expectation was not met; a feed line was rejected or conflicted; the feed is silent (feed status).</summary>
    public const int ExpectationsNotMet = 1;

    /// <summary>The input is invalid: a drill script (each problem with its line), plan files, or the figures given to assess.</summary>
    public const int InvalidInput = 2;

    /// <summary>The command line itself is wrong (unknown command or option): EX_USAGE.</summary>
    public const int Usage = 64;

    /// <summary>A file or folder named on the command line does not exist: EX_NOINPUT.</summary>
    public const int NoInput = 66;

    /// <summary>The service named by <c>--url</c> could not be reached, refused the request or broke off: EX_UNAVAILABLE.</summary>
    public const int Unavailable = 69;

    /// <summary>
    /// A file the command was asked to write (a report: <c>--html</c>, <c>--markdown</c>; a backup) cannot be written, or its standard output
    /// cannot (redirected to a full disk): EX_CANTCREAT.
    /// </summary>
    public const int CannotCreate = 73;

    /// <summary>
    /// The store is unavailable for now (its disk is full, its file system fails, its file is damaged, the PostgreSQL server cannot be reached
    /// or is starting): what was answered stands, the rest was not stored; run the command again once the operator has fixed it. EX_IOERR.
    /// A store that can never be used as configured is <see cref="Configuration"/> instead.
    /// </summary>
    public const int StoreUnavailable = 74;

    /// <summary>
    /// The store is open in another process (<c>store restore</c> while the service runs), is being restored, or another process held its
    /// write lock past the store's wait (SQLITE_BUSY after EmergencyPlans:SqliteBusyTimeout, 10 s by default, <see cref="Infrastructure.Persistence.StoreFailures.IsBusy"/>): try again
    /// once it is stopped or lets go. EX_TEMPFAIL. (A data folder that refuses the store's lock file mid-run, or was deleted, is <see cref="StoreUnavailable"/>.)
    /// </summary>
    public const int InUse = 75;

    /// <summary>
    /// A setting (an environment variable such as <c>EmergencyPlans__Feed__BatchSize</c>) is invalid, or the store cannot be used as configured
    /// whatever is retried (PostgreSQL refused the user or password or has no such database; the store's schema is newer than this build;
    /// the data folder cannot be created or written), as the service refuses to start with it (StoreFailures.RefusalOf, DataFolder.Refusal):
    /// EX_CONFIG, the setting named in Chinese.
    /// </summary>
    public const int Configuration = 78;

    /// <summary>Something failed that is no fault of the input (a bug): EX_SOFTWARE, with the details on stderr.</summary>
    public const int Internal = 70;

    /// <summary>Stopped by the user (Ctrl+C): 128 + SIGINT, as shells report it.</summary>
    public const int Cancelled = 130;
}
