# syntax=docker/dockerfile:1
# Build: the SDK image restores and publishes the service (the tests are a separate project and stay out).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props .editorconfig Proxbox.Api.csproj ./
RUN dotnet restore Proxbox.Api.csproj -r linux-x64
COPY . .
# ReadyToRun: the code is compiled ahead of time, so a container answers its first request about a second sooner.
RUN dotnet publish Proxbox.Api.csproj -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /app --no-restore -p:UseAppHost=false

# Run: the ASP.NET runtime image, as its non-root `app` user, on port 8080. There is no embedded PostgreSQL
# here: set ConnectionStrings__Proxbox (and Proxbox__SecretKey) from the environment or a secret.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    Proxbox__DataDir=/tmp/proxbox
USER app
EXPOSE 8080
# The binary probes its own readiness endpoint: no curl needed in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 CMD ["dotnet", "Proxbox.Api.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "Proxbox.Api.dll"]
