using System.Net;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DotnetLive.Tool.Dashboard;

/// <summary>
/// The tool's gRPC server for the dashboard (<see cref="ResourceService"/>): HTTP/2 on a free loopback
/// port, answering only a client that sends the session's API key, as the dashboard does. With
/// --verbose, its calls and every warning the server logs go to the tool's verbose output.
/// </summary>
internal sealed class ResourceServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ResourceServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <param name="verbose">Given a line per call and each warning or error the server logs (--verbose).</param>
    public static async Task<ResourceServer> StartAsync(SessionResources resources, string apiKey, Action<string>? verbose, CancellationToken ct)
    {
        // No settings from the current folder (the user's app): the server is configured here, wholly.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        if (verbose is not null)
        {
            builder.Logging.AddProvider(new VerboseLog(verbose));
        }

        builder.Services.AddSingleton(new ResourceService.Log(verbose));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(resources);
        builder.Services.AddSingleton(new ApiKeyCheck(apiKey));
        builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<ApiKeyCheck>());
        var app = builder.Build();
        app.MapGrpcService<ResourceService>();
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ResourceServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        // Watches end with the server; the dashboard is stopped first, so nobody is left waiting on them.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(grace.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The server's warnings and errors (a handler that threw, a connection that failed), as verbose lines.</summary>
    private sealed class VerboseLog(Action<string> verbose) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                verbose($"resource service: {logLevel}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
            }
        }

        public void Dispose()
        {
        }
    }

    /// <summary>Refuses every call without the API key in <c>x-resource-service-api-key</c> (compared in constant time).</summary>
    private sealed class ApiKeyCheck(string apiKey) : Interceptor
    {
        private readonly byte[] _key = Encoding.UTF8.GetBytes(apiKey);

        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            Check(context);
            return continuation(request, context);
        }

        public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        {
            Check(context);
            return continuation(request, responseStream, context);
        }

        private void Check(ServerCallContext context)
        {
            var given = Encoding.UTF8.GetBytes(context.RequestHeaders.GetValue("x-resource-service-api-key") ?? "");
            if (!CryptographicOperations.FixedTimeEquals(given, _key))
            {
                throw new RpcException(new Status(StatusCode.Unauthenticated, "The resource service answers the session's dashboard only."));
            }
        }
    }
}
