<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ComparePage</name>
    <message numerus="yes">
        <source>%n selected run(s) have no quality measurement and are not shown.</source>
        <translation>
            <numerusform>%n selected run has no quality measurement and is not shown.</numerusform>
            <numerusform>%n selected runs have no quality measurement and are not shown.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EngineController</name>
    <message numerus="yes">
        <source>The run was cancelled after %n token(s): quality was not measured.</source>
        <translation>
            <numerusform>The run was cancelled after %n token: quality was not measured.</numerusform>
            <numerusform>The run was cancelled after %n tokens: quality was not measured.</numerusform>
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
    <name>SweepPanel</name>
    <message numerus="yes">
        <source>Done: %n point(s) measured; results in %1</source>
        <translation>
            <numerusform>Done: %n point measured; results in %1</numerusform>
            <numerusform>Done: %n points measured; results in %1</numerusform>
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
