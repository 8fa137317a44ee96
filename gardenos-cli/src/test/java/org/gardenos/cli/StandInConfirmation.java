package org.gardenos.cli;

import java.util.ArrayList;
import java.util.List;
import org.gardenos.cli.command.Confirmation;

/** A stand-in for the console in CLI tests: says whether a console exists, answers as told, records the questions. */
public final class StandInConfirmation implements Confirmation {
    private final boolean available;
    private final boolean answer;
    private final List<String> questions = new ArrayList<>();

    public StandInConfirmation(boolean available, boolean answer) {
        this.available = available;
        this.answer = answer;
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public synchronized boolean confirm(String question) {
        questions.add(question);
        return answer;
    }

    public synchronized List<String> questions() {
        return List.copyOf(questions);
    }
}
