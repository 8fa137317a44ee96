package org.gardenos.engine;

/** A resource whose check and apply are lambdas given by the test (for failures, latches, warnings). */
final class ScriptedResource implements Resource {
    interface Check {
        Change check(Target target) throws Exception;
    }

    interface Apply {
        void apply(Target target, Change change) throws Exception;
    }

    private final String name;
    private final Check check;
    private final Apply apply;

    ScriptedResource(String name, Check check, Apply apply) {
        this.name = name;
        this.check = check;
        this.apply = apply;
    }

    /** Always drifted; apply does nothing. */
    static ScriptedResource drifted(String name) {
        return new ScriptedResource(name, t -> Change.of(ChangeAction.UPDATE, "scripted drift"), (t, c) -> { });
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Change check(Target target) throws Exception {
        return check.check(target);
    }

    @Override
    public void apply(Target target, Change change) throws Exception {
        apply.apply(target, change);
    }
}
