namespace DotnetLive.Synclet.Store;

/// <summary>The connection ended before an update's bytes all arrived; distinct from file-system I/O errors.</summary>
internal sealed class UploadInterruptedException(Exception? inner)
    : Exception("The connection ended in the middle of an upload.", inner);
