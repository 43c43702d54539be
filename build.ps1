<#
.SYNOPSIS
  Calendar51 build tasks. Works in PowerShell 7 (on Linux: `dotnet tool restore; dotnet pwsh ./build.ps1 test`)
  and in Windows PowerShell 5.1.

.PARAMETER Task
  build     - build the solution (Release)
  test      - run the whole test suite (the same command README.md and .ci/run use)
  bench     - run the BenchmarkDotNet benchmarks of the emulator core (Release)
  compare   - run the same program on ucsim's s51 and on our core with each engine (translator, interpreter) and
              print the speeds and the ratios (Linux, needs sdcc-ucsim)
  firmware  - build every firmware image with SDCC (needs sdcc and make on PATH)
  pack      - the NuGet packages into artifacts/: the tool `calendar51` and the library `Calendar51.Emulator` (+ symbols)
  publish   - self-contained executables into artifacts/<rid>/ for linux-x64, win-x64 and osx-arm64: NativeAOT
              for this machine's own platform (needs clang on Linux), single-file ReadyToRun for the others
  startup   - publish for this machine, then time a tiny program through `calendar51 run` and through s51 (Linux, needs sdcc-ucsim)
  week      - seven days of the clock firmware on prechin-a2 through the Release CLI's `calendar51 scenario`, every
              chip timing check on, and the wall time of each: tests/scenarios/long/seven-days-prechin-a2.yaml (one
              `delay: 7d`) and week-prechin-a2.yaml (the daily alarm, the hourly chime, dates across a month end);
              not in the test suite (a minute each)
  differential-long - random instruction streams under interrupts, 400 seeds per part, against s51 in
              compat mode (Linux, needs sdcc-ucsim; about 15 minutes on two cores)

.PARAMETER Engine
  For week: translator (the default) or interpreter, passed to `calendar51 scenario --engine`.
#>
param(
    [ValidateSet('build', 'test', 'bench', 'compare', 'firmware', 'differential-long', 'pack', 'publish', 'startup', 'week')]
    [string]$Task = 'build',
    [ValidateSet('translator', 'interpreter')]
    [string]$Engine = 'translator'
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $MyInvocation.MyCommand.Path

function Invoke-Checked([string]$FilePath, [string[]]$Arguments) {
    Write-Host "> $FilePath $($Arguments -join ' ')"
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$FilePath exited with code $LASTEXITCODE" }
}

$runtimes = @('linux-x64', 'win-x64', 'osx-arm64')

# The runtime identifier of this machine, the one NativeAOT can compile for (it does not cross operating systems).
function Get-HostRid {
    $arch = if ([System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture -eq 'Arm64') { 'arm64' } else { 'x64' }
    if ($IsLinux) { return "linux-$arch" }
    if ($IsMacOS) { return "osx-$arch" }
    return "win-$arch"
}

function Publish-Command([string]$Rid) {
    $out = Join-Path 'artifacts' $Rid
    $common = @('publish', 'host/Calendar51.Host/Calendar51.Host.csproj', '-c', 'Release', '-r', $Rid, '-o', $out,
                '--artifacts-path', 'artifacts/build', '-p:DebugType=none', '-p:GenerateDocumentationFile=false', '-p:PackAsTool=false')
    if ($Rid -eq (Get-HostRid)) {
        $aot = @('-p:PublishAot=true', '-p:StripSymbols=true')
        # NativeAOT links with clang; Debian installs it as clang-NN without the plain name unless the clang package is there.
        if ($IsLinux -and -not (Get-Command clang -ErrorAction SilentlyContinue)) {
            $versioned = Get-Command -CommandType Application 'clang-*' -ErrorAction SilentlyContinue |
                Where-Object Name -match '^clang-\d+$' | Sort-Object Name -Unique | Select-Object -Last 1
            if (-not $versioned) { throw 'NativeAOT needs clang: apt-get install clang' }
            $aot += "-p:CppCompilerAndLinker=$($versioned.Name)"
        }
        Invoke-Checked 'dotnet' ($common + $aot)
        Remove-Item (Join-Path $out '*.dbg') -ErrorAction SilentlyContinue
    }
    else {
        Invoke-Checked 'dotnet' ($common + @('--self-contained', '-p:PublishSingleFile=true', '-p:PublishReadyToRun=true',
                                             '-p:IncludeNativeLibrariesForSelfExtract=true'))
    }
}

Push-Location $root
try {
    switch ($Task) {
        'build'    { Invoke-Checked 'dotnet' @('build', 'Calendar51.sln', '-c', 'Release') }
        'test'     { Invoke-Checked 'dotnet' @('test', 'Calendar51.sln') }
        'bench'    { Invoke-Checked 'dotnet' @('run', '-c', 'Release', '--project', 'tests/Calendar51.Benchmarks', '--', '--filter', '*') }
        'compare'  { Invoke-Checked 'bash' @('tests/compare-s51.sh') }
        'firmware' { Invoke-Checked 'make' @('-C', 'firmware', 'all') }
        'differential-long' {
            $env:CALENDAR51_DIFFERENTIAL_LONG = '1'
            try { Invoke-Checked 'dotnet' @('test', 'tests/Calendar51.Tests', '--filter', 'FullyQualifiedName~RandomStreamUnderInterrupts') }
            finally { Remove-Item Env:CALENDAR51_DIFFERENTIAL_LONG }
        }
        'pack'     { Invoke-Checked 'dotnet' @('pack', 'Calendar51.sln', '-c', 'Release', '-o', 'artifacts') }
        'publish'  { foreach ($rid in $runtimes) { Publish-Command $rid } }
        'startup'  {
            $rid = Get-HostRid
            Publish-Command $rid
            Invoke-Checked 'bash' @('tests/startup-s51.sh', (Join-Path (Join-Path 'artifacts' $rid) 'calendar51'))
        }
        'week'     {
            Invoke-Checked 'dotnet' @('build', 'host/Calendar51.Host', '-c', 'Release', '-v', 'q', '-nologo')
            $cli = Join-Path (Join-Path (Join-Path 'host' 'Calendar51.Host') (Join-Path 'bin' (Join-Path 'Release' 'net10.0'))) 'calendar51.dll'
            foreach ($name in @('seven-days-prechin-a2.yaml', 'week-prechin-a2.yaml')) {
                $scenario = Join-Path (Join-Path (Join-Path 'tests' 'scenarios') 'long') $name
                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                try { Invoke-Checked 'dotnet' @($cli, 'scenario', $scenario, '--engine', $Engine) }
                finally { Write-Host ('week: {0}: {1:0.0} s wall for the whole command, start-up included (--engine {2})' -f $name, $watch.Elapsed.TotalSeconds, $Engine) }
            }
        }
    }
}
finally {
    Pop-Location
}
