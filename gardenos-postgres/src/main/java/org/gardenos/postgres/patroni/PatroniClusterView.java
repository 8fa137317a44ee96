package org.gardenos.postgres.patroni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Patroni's {@code GET /cluster} answer, parsed as untrusted input: at most {@value #MAX_MEMBERS} members, names
 * that are pod names, short plain-word roles and states, numbers that are numbers. Anything else is refused with a
 * one-line reason (never echoed in full).
 */
public record PatroniClusterView(List<PatroniMember> members) {
    static final int MAX_MEMBERS = 64;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern WORD = Pattern.compile("[a-z_ ]{1,40}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public PatroniClusterView {
        members = List.copyOf(members);
    }

    /** Thrown for an answer that is not Patroni's cluster view. */
    public static final class InvalidViewException extends RuntimeException {
        InvalidViewException(String message) {
            super(message);
        }
    }

    public static PatroniClusterView parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidViewException("Patroni's /cluster answer is not JSON");
        }
        if (root == null || !root.path("members").isArray()) {
            throw new InvalidViewException("Patroni's /cluster answer has no members list");
        }
        if (root.path("members").size() > MAX_MEMBERS) {
            throw new InvalidViewException("Patroni's /cluster answer lists more than " + MAX_MEMBERS + " members");
        }
        List<PatroniMember> members = new ArrayList<>();
        for (JsonNode m : root.path("members")) {
            members.add(member(m));
        }
        return new PatroniClusterView(members);
    }

    private static PatroniMember member(JsonNode m) {
        String name = text(m, "name", NAME);
        String role = text(m, "role", WORD);
        String state = text(m, "state", WORD);
        long timeline = m.path("timeline").canConvertToLong() ? m.path("timeline").asLong() : 0;
        JsonNode lag = m.path("lag");
        OptionalLong lagBytes = lag.isIntegralNumber() && lag.canConvertToLong() && lag.asLong() >= 0
                ? OptionalLong.of(lag.asLong()) : OptionalLong.empty();
        boolean leader = role.equals("leader") || role.equals("master") || role.equals("primary")
                || role.equals("standby_leader");
        return new PatroniMember(name, leader ? PatroniMember.LEADER : PatroniMember.REPLICA, state, timeline,
                leader ? OptionalLong.of(0) : lagBytes);
    }

    private static String text(JsonNode m, String field, Pattern allowed) {
        JsonNode value = m.path(field);
        if (!value.isTextual() || !allowed.matcher(value.asText()).matches()) {
            throw new InvalidViewException("Patroni's /cluster answer has a member whose " + field
                    + " is not a plain value");
        }
        return value.asText();
    }

    public List<PatroniMember> leaders() {
        return members.stream().filter(PatroniMember::leader).toList();
    }
}
