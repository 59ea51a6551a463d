using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GasLedger.Api.Security;
using Npgsql;

namespace GasLedger.Api.Tests;

/// <summary>
/// GasLedger as it runs in production: the built API (<c>src/Api/bin/…/GasLedger.Api.dll</c>) as a process of its own
/// on a real Kestrel, on a loopback port, on a database of its own on the test server (made anew), with the test
/// keys of <see cref="GasLedgerApp"/>. What the in-memory test server cannot show — the web server's own answers,
/// framing, HEAD, a process killed — is tested against this. Its output is kept for the test to search.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private Process? _process;
    private readonly List<string> _output = [];

    private ApiProcess(string database, string connectionString, int port)
    {
        Database = database;
        ConnectionString = connectionString;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Database { get; }
    public string ConnectionString { get; }
    public int Port { get; }
    public HttpClient Client { get; }

    /// <summary>The running process's id (a restart changes it).</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Everything the process wrote to its standard output and error, across its restarts.</summary>
    public IReadOnlyList<string> Output
    {
        get { lock (_output) return _output.ToArray(); }
    }

    /// <summary>
    /// Makes the database <paramref name="database"/> anew on the test server (or on <paramref name="serverConnection"/>'s
    /// server) and starts the API on it.
    /// </summary>
    public static async Task<ApiProcess> Start(string database, string? serverConnection = null)
    {
        var api = await Anew(database, serverConnection);
        await api.Launch();
        return api;
    }

    /// <summary>The database made anew on the test server (or <paramref name="serverConnection"/>'s), not yet served.</summary>
    private static async Task<ApiProcess> Anew(string database, string? serverConnection)
    {
        var server = new NpgsqlConnectionStringBuilder(serverConnection ?? Environment.GetEnvironmentVariable("GASLEDGER_TEST_DB")
            ?? throw new InvalidOperationException("Set GASLEDGER_TEST_DB (./test.sh does)."));
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString))
        {
            await using (var drop = admin.CreateCommand($"drop database if exists {database} with (force)"))
                await drop.ExecuteNonQueryAsync();
            await using (var create = admin.CreateCommand($"create database {database}"))
                await create.ExecuteNonQueryAsync();
        }
        return new ApiProcess(database, new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString, FreePort());
    }

    /// <summary>
    /// Makes the database anew, loads the demo city into it as <c>./run.sh --demo</c> does (<c>city demo</c>, its history to
    /// yesterday), and starts the API on it.
    /// </summary>
    public static async Task<ApiProcess> StartDemo(string database, int accounts)
    {
        var api = await Anew(database, null);
        var info = api.StartInfo(["city", "demo", "--accounts", accounts.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using (var demo = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start."))
        {
            var output = demo.StandardOutput.ReadToEndAsync();
            var errors = demo.StandardError.ReadToEndAsync();
            await demo.WaitForExitAsync();
            if (demo.ExitCode != 0)
                throw new InvalidOperationException($"city demo exited with {demo.ExitCode}:\n{await output}\n{await errors}");
        }
        await api.Launch();
        return api;
    }

    /// <summary>Starts the process and waits until <c>/health</c> answers 200.</summary>
    public async Task Launch()
    {
        var info = StartInfo(["--urls", $"http://127.0.0.1:{Port}"]);
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The API exited with {process.ExitCode}:\n{string.Join("\n", Output.TakeLast(40))}");
            try
            {
                using var health = await Client.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The API did not answer /health in 2 minutes:\n{string.Join("\n", Output.TakeLast(40))}");
    }

    /// <summary>The API's command line with the test database, master key and keys of every role.</summary>
    private ProcessStartInfo StartInfo(string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet", [ApiDll(), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["GASLEDGER_DB"] = ConnectionString;
        info.Environment["GasLedger__MasterKey"] = Convert.ToBase64String(GasLedgerApp.MasterKey);
        info.Environment["GasLedger__MasterKeyId"] = GasLedgerApp.MasterKeyId;
        info.Environment["Logging__LogLevel__Default"] = "Information";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        for (var i = 0; i < StaffRoles.All.Length; i++)
        {
            var role = StaffRoles.All[i];
            info.Environment[$"GasLedger__ApiKeys__{i}__Hash"] = ApiKeyOptions.Hash(GasLedgerApp.KeyOf(role));
            info.Environment[$"GasLedger__ApiKeys__{i}__StaffId"] = GasLedgerApp.StaffOf(role);
            info.Environment[$"GasLedger__ApiKeys__{i}__Roles__0"] = role;
        }
        return info;
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash or <c>kill -9</c> would.</summary>
    public async Task Kill()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public HttpRequestMessage Request(HttpMethod method, string url, string? role, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (role is not null) request.Headers.Add("X-Api-Key", GasLedgerApp.KeyOf(role));
        return request;
    }

    /// <summary>Sends raw bytes on a connection of their own and reads the answer until the server closes it (or 5 s).</summary>
    public async Task<string> Raw(byte[] request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(request);
        using var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0) answer.Write(buffer, 0, read);
        }
        catch (OperationCanceledException) { }
        catch (IOException) { }
        return System.Text.Encoding.UTF8.GetString(answer.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await Kill();
        _process?.Dispose();
        Client.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The API as the solution's build left it, in the configuration these tests were built in.</summary>
    private static string ApiDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = dir.Parent?.Name ?? "Release"; // …/bin/Release/net10.0/
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GasLedger.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("GasLedger.sln not found above " + AppContext.BaseDirectory);
        var dll = Path.Combine(dir.FullName, "src", "Api", "bin", configuration, "net10.0", "GasLedger.Api.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution first.");
    }
}
