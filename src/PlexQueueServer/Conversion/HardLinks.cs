using System.Runtime.InteropServices;

namespace PlexQueueServer.Conversion;

/// <summary>
/// link(2) and the (device, inode) of a file, through libc: .NET has no hard-link API. A converted file shared
/// by several items is one inode with one name per item, so deleting an item unlinks only its own name.
/// </summary>
public static class HardLinks
{
    private const int EEXIST = 17;

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);

    /// <summary>Makes <paramref name="created"/> a second name of <paramref name="existing"/>; false with errno when it cannot.</summary>
    public static bool TryCreate(string existing, string created, out int errno)
    {
        errno = 0;
        if (!OperatingSystem.IsLinux()) { errno = -1; return false; }
        try
        {
            if (Link(existing, created) == 0) return true;
            errno = Marshal.GetLastPInvokeError();
            if (errno != EEXIST) return false;
            File.Delete(created); // left by a crashed job of this very item and attempt
            if (Link(existing, created) == 0) { errno = 0; return true; }
            errno = Marshal.GetLastPInvokeError();
            return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or IOException or UnauthorizedAccessException)
        {
            errno = -1;
            return false;
        }
    }

    /// <summary>
    /// The file's (st_dev, st_ino), the first two 64-bit fields of struct stat on x86_64 and arm64 alike; null where
    /// stat cannot tell (another OS, an old libc), and then every name counts as its own file.
    /// </summary>
    public static (ulong Device, ulong Inode)? Identity(string path)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64)) return null;
        var buffer = new byte[256]; // struct stat is 144 (x86_64) or 128 (arm64) bytes
        try
        {
            if (Stat(path, buffer) != 0) return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
        return (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));
    }
}
