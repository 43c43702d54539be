<#
.SYNOPSIS
  Calendar51 build tasks. Works in PowerShell 7 (on Linux: `dotnet tool restore; dotnet pwsh ./build.ps1 test`)
  and in Windows PowerShell 5.1.

.PARAMETER Task
  build     - build the solution (Release)
  test      - run the whole test suite (the same command README.md and .ci/run use)
  bench     - run the BenchmarkDotNet benchmarks of the emulator core (Release)
  compare   - run the same program on ucsim's s51 and on our core and print both speeds and the ratio (Linux, needs sdcc-ucsim)
  firmware  - build every firmware image with SDCC (needs sdcc and make on PATH)
  differential-long - random instruction streams under interrupts, 400 seeds per part, against s51 in
              compat mode (Linux, needs sdcc-ucsim; about 15 minutes on two cores)
#>
param(
    [ValidateSet('build', 'test', 'bench', 'compare', 'firmware', 'differential-long')]
    [string]$Task = 'build'
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $MyInvocation.MyCommand.Path

function Invoke-Checked([string]$FilePath, [string[]]$Arguments) {
    Write-Host "> $FilePath $($Arguments -join ' ')"
    & $FilePath @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$FilePath exited with code $LASTEXITCODE" }
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
    }
}
finally {
    Pop-Location
}
