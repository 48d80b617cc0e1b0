<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BatchThroughputChart</name>
    <message numerus="yes">
        <source>%1 (%n passes)</source>
        <translation>
            <numerusform>%1 (%n pass)</numerusform>
            <numerusform>%1 (%n passes)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message numerus="yes">
        <source>%n selected run(s) are not shown:</source>
        <translation>
            <numerusform>%n selected run is not shown:</numerusform>
            <numerusform>%n selected runs are not shown:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OptimisePage</name>
    <message numerus="yes">
        <source>%1 has %n problem(s); nothing was applied.</source>
        <translation>
            <numerusform>%1 has %n problem; nothing was applied.</numerusform>
            <numerusform>%1 has %n problems; nothing was applied.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Last run:&lt;/b&gt; weights held %1; %n adjustment(s) by the passes</source>
        <translation>
            <numerusform>&lt;b&gt;Last run:&lt;/b&gt; weights held %1; %n adjustment by the passes</numerusform>
            <numerusform>&lt;b&gt;Last run:&lt;/b&gt; weights held %1; %n adjustments by the passes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhaseProgress</name>
    <message numerus="yes">
        <source>Prefill: %n-token prompt, layer %1/%2</source>
        <translation>
            <numerusform>Prefill: %n-token prompt, layer %1/%2</numerusform>
            <numerusform>Prefill: %n-token prompt, layer %1/%2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n min left</source>
        <translation>
            <numerusform>about %n min left</numerusform>
            <numerusform>about %n min left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Serving: %1/%2 requests done, %n token(s) generated</source>
        <translation>
            <numerusform>Serving: %1/%2 requests done, %n token generated</numerusform>
            <numerusform>Serving: %1/%2 requests done, %n tokens generated</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfileExportPanel</name>
    <message numerus="yes">
        <source>%1 has %n problem(s); nothing was applied.</source>
        <translation>
            <numerusform>%1 has %n problem; nothing was applied.</numerusform>
            <numerusform>%1 has %n problems; nothing was applied.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfilePage</name>
    <message numerus="yes">
        <source>Run %1 was cancelled after %n generated token(s); it is kept in the history as cancelled.</source>
        <translation>
            <numerusform>Run %1 was cancelled after %n generated token; it is kept in the history as cancelled.</numerusform>
            <numerusform>Run %1 was cancelled after %n generated tokens; it is kept in the history as cancelled.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run %1 was cancelled after %n generated token(s): the numbers below are what it measured before it stopped, not a complete run.</source>
        <translation>
            <numerusform>Run %1 was cancelled after %n generated token: the numbers below are what it measured before it stopped, not a complete run.</numerusform>
            <numerusform>Run %1 was cancelled after %n generated tokens: the numbers below are what it measured before it stopped, not a complete run.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QualityPolicy</name>
    <message numerus="yes">
        <source>about %n min</source>
        <translation>
            <numerusform>about %n min</numerusform>
            <numerusform>about %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Quality not measured: the run was cancelled after %n token(s).</source>
        <translation>
            <numerusform>Quality not measured: the run was cancelled after %n token.</numerusform>
            <numerusform>Quality not measured: the run was cancelled after %n tokens.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message numerus="yes">
        <source>Cancelled after %n token(s). The run is kept in the history as cancelled; the Profile page still shows the last complete run.</source>
        <translation>
            <numerusform>Cancelled after %n token. The run is kept in the history as cancelled; the Profile page still shows the last complete run.</numerusform>
            <numerusform>Cancelled after %n tokens. The run is kept in the history as cancelled; the Profile page still shows the last complete run.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SensitivityPanel</name>
    <message numerus="yes">
        <source>All %1: %2 MiB, KLD %3, top-1 %4. Proposal within %5 MiB: %n unit(s) kept at %6, %7 MiB%8, KLD %9.</source>
        <translation>
            <numerusform>All %1: %2 MiB, KLD %3, top-1 %4. Proposal within %5 MiB: %n unit kept at %6, %7 MiB%8, KLD %9.</numerusform>
            <numerusform>All %1: %2 MiB, KLD %3, top-1 %4. Proposal within %5 MiB: %n units kept at %6, %7 MiB%8, KLD %9.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TeachingPresetsPanel</name>
    <message numerus="yes">
        <source>Done: %n run(s) selected below.</source>
        <translation>
            <numerusform>Done: %n run selected below.</numerusform>
            <numerusform>Done: %n runs selected below.</numerusform>
        </translation>
    </message>
</context>
</TS>
