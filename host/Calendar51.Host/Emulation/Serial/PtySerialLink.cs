using System.Runtime.InteropServices;

namespace Calendar51.Host.Emulation.Serial;

/// <summary>
/// A Linux pseudo-terminal whose slave side (/dev/pts/N) any terminal program opens as a serial port.
/// The master is opened non-blocking and polled with a timeout; the link keeps the slave open itself,
/// in raw mode, so the master never sees a hang-up between clients.
/// </summary>
public sealed class PtySerialLink : SerialLink
{
    private const int ReadWrite = 0x2, NoControllingTerminal = 0x100, NonBlocking = 0x800;
    private const short PollIn = 0x1;
    private const int PollTimeoutMs = 100;
    private const int TryAgain = 11, Interrupted = 4;
    private const int TermiosBufferSize = 256;   // struct termios is 60 bytes on Linux; the buffer only has to hold it

    private readonly int master;
    private readonly int slave;

    private PtySerialLink(int master, int slave, string path)
    {
        this.master = master;
        this.slave = slave;
        Address = path;
    }

    public override string Address { get; }

    public static PtySerialLink Create()
    {
        if (!OperatingSystem.IsLinux()) throw new IOException("--serial pty needs Linux; use --serial tcp:127.0.0.1:PORT");
        int master = posix_openpt(ReadWrite | NoControllingTerminal | NonBlocking);
        if (master < 0) throw new IOException($"cannot open a pseudo-terminal (posix_openpt: errno {Marshal.GetLastPInvokeError()})");
        if (grantpt(master) != 0 || unlockpt(master) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            close(master);
            throw new IOException($"cannot unlock the pseudo-terminal (errno {errno})");
        }
        string path = Marshal.PtrToStringUTF8(ptsname(master)) ?? throw new IOException("ptsname returned nothing");
        int slave = open(path, ReadWrite | NoControllingTerminal);
        if (slave < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            close(master);
            throw new IOException($"cannot open {path} (errno {errno})");
        }
        var termios = new byte[TermiosBufferSize];
        if (tcgetattr(slave, termios) == 0)
        {
            cfmakeraw(termios);
            tcsetattr(slave, 0, termios);
        }
        return new PtySerialLink(master, slave, path);
    }

    protected override void ReadLoop()
    {
        var buffer = new byte[256];
        var poll = new PollFd { Fd = master, Events = PollIn };
        while (!Stopping.IsCancellationRequested)
        {
            poll.Revents = 0;
            if (PollOne(ref poll, PollTimeoutMs) <= 0) continue;
            nint count = read(master, buffer, buffer.Length);
            if (count > 0) Received(buffer.AsSpan(0, (int)count));
            else if (count < 0 && Marshal.GetLastPInvokeError() is not (TryAgain or Interrupted)) Thread.Sleep(PollTimeoutMs);
        }
    }

    protected override void Write(ReadOnlySpan<byte> bytes)
    {
        // Non-blocking: when the pty's buffer is full because nobody reads, the bytes are lost.
        write(master, bytes.ToArray(), bytes.Length);
    }

    protected override void Release()
    {
        close(slave);
        close(master);
    }

    private static int PollOne(ref PollFd fd, int timeoutMs)
    {
        var fds = new[] { fd };
        int result = poll(fds, 1, timeoutMs);
        fd = fds[0];
        return result;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int posix_openpt(int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int grantpt(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int unlockpt(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern nint ptsname(int fd);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int open(string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, [Out] byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern nint write(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int poll([In, Out] PollFd[] fds, nuint count, int timeoutMs);

    [DllImport("libc", SetLastError = true)]
    private static extern int tcgetattr(int fd, [Out] byte[] termios);

    [DllImport("libc", SetLastError = true)]
    private static extern int tcsetattr(int fd, int optionalActions, byte[] termios);

    [DllImport("libc")]
    private static extern void cfmakeraw([In, Out] byte[] termios);
}
