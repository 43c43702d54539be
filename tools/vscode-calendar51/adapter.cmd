@echo off
rem VS Code starts this as the debug adapter: nothing but the protocol may reach stdout.
where calendar51 >nul 2>nul && (calendar51 debug-adapter & exit /b)
dotnet "%~dp0..\..\host\Calendar51.Host\bin\Debug\net10.0\calendar51.dll" debug-adapter
