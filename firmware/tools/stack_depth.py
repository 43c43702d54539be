#!/usr/bin/env python3
"""Worst-case stack depth of a build, from SDCC's .asm output (usage: stack_depth.py BUILD_DIR).

Prints the number of bytes the stack may use above SP's start value: the deepest call chain from
main (entered by a jump from SDCC's start-up code, so no return address of its own), counting
return addresses and the registers SDCC pushes around calls, plus the costliest interrupt on top
(return address, its pushes and calls). Interrupts never nest:
both are low priority (IP is never written). Fails on anything the analysis cannot follow:
indirect jumps or calls, calls to code outside the build, recursion, unbalanced push/pop."""
import glob, os, re, sys

def fail(msg):
    sys.exit('stack_depth.py: ' + msg)

build = sys.argv[1]
startup, main_entry = False, None
funcs = {}  # name -> {'own': max pushes, 'calls': [(pushes at the call, callee, is_tail)], 'isr': bool}
for path in sorted(glob.glob(os.path.join(build, '*.asm'))):
    name, depth = None, 0
    for number, line in enumerate(open(path, encoding='latin-1'), 1):
        code = line.split(';')[0].rstrip()
        label = re.match(r'^(_\w+):$', code)
        if label and label.group(1).startswith('__'):
            name = None  # start-up code and the vector table (SDCC's own symbols)
            if label.group(1) == '__sdcc_program_startup':
                startup = True
            continue
        if startup and code.split():
            main_entry = code.split()[0]  # ljmp _main: no return address; lcall: 2 bytes
            startup = False
        if label:
            name, depth = label.group(1), 0
            funcs[name] = {'own': 0, 'calls': [], 'isr': False}
            continue
        words = code.replace(',', ' ').split()
        if name is None or not words:
            continue
        op, where = words[0], '%s:%d' % (path, number)
        if op == 'push':
            depth += 1
            funcs[name]['own'] = max(funcs[name]['own'], depth)
        elif op == 'pop':
            depth -= 1
        elif op in ('lcall', 'acall'):
            funcs[name]['calls'].append((depth, words[1], False))
        elif op in ('ljmp', 'sjmp', 'ajmp') and words[1].startswith('_'):
            funcs[name]['calls'].append((depth, words[1], True))  # tail call: reuses the return address
        elif op == 'jmp':
            fail('%s: indirect jump, cannot follow' % where)
        elif op in ('ret', 'reti'):
            if depth:
                fail('%s: %d bytes still pushed at %s' % (where, depth, op))
            if op == 'reti':
                funcs[name]['isr'] = True

def use(name, chain=()):
    """Bytes pushed below name's own return address by name and its callees."""
    if name in chain:
        fail('recursion: ' + ' -> '.join(chain + (name,)))
    if name not in funcs:
        fail('call to %s, which is not in the build' % name)
    f = funcs[name]
    return max([f['own']] + [pushed + (0 if tail else 2) + use(callee, chain + (name,))
                             for pushed, callee, tail in f['calls']])

isrs = [n for n, f in funcs.items() if f['isr']]
if '_main' not in funcs or not isrs:
    fail('main or the interrupt routines not found in %s' % build)
if main_entry not in ('ljmp', 'lcall'):
    fail('start-up jump to main not found in %s' % build)
print((2 if main_entry == 'lcall' else 0) + use('_main') + max(2 + use(n) for n in isrs))
