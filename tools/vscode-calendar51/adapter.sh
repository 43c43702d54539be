#!/bin/sh
# VS Code starts this as the debug adapter: nothing but the protocol may reach stdout.
# Uses `calendar51` from PATH, else the host built in this repository (dotnet build Calendar51.sln).
if command -v calendar51 >/dev/null 2>&1; then exec calendar51 debug-adapter; fi
here=$(dirname "$(readlink -f "$0")")
exec dotnet "$here/../../host/Calendar51.Host/bin/Debug/net10.0/calendar51.dll" debug-adapter
