# syntax=docker/dockerfile:1
# PlexQueueServer: build with the SDK, run on the ASP.NET runtime with ffmpeg from apt. Steps live in docker/build.sh (CI runs them too).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Project files first: the restore layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props appsettings.json ./
COPY src/PlexQueueServer/PlexQueueServer.csproj src/PlexQueueServer/
COPY docker/build.sh docker/
RUN docker/build.sh restore
COPY src/ src/
RUN docker/build.sh publish /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# .NET 10 images are Ubuntu 24.04 (Microsoft ships no Debian ones): the same apt-get install of ffmpeg as on Debian.
# ffmpeg only; the healthcheck needs no curl (bash /dev/tcp, docker/healthcheck.sh).
# VA drivers for hardware encoding through /dev/dri (docker/README.md); --build-arg VA_DRIVERS="" leaves them out.
ARG VA_DRIVERS="intel-media-va-driver mesa-va-drivers"
RUN --mount=type=bind,source=docker/build.sh,target=/usr/local/bin/build.sh VA_DRIVERS="$VA_DRIVERS" build.sh runtime-deps
COPY docker/healthcheck.sh /usr/local/bin/healthcheck.sh
# The image's non-root "app" user owns the writable volumes; /media is mounted read-only.
RUN mkdir -p /data /cache /media && chown "$APP_UID" /data /cache
WORKDIR /app
COPY --from=build /app ./
ENV Server__DataPath=/data \
    Transcoder__CachePath=/cache \
    ASPNETCORE_URLS=http://0.0.0.0:32400 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME ["/data", "/cache", "/media"]
EXPOSE 32400
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["healthcheck.sh", "32400", "/health"]
ENTRYPOINT ["dotnet", "PlexQueueServer.dll"]
