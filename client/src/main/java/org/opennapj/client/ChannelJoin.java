package org.opennapj.client;

import java.util.List;

/**
 * A channel joined (405), with its members as the server listed them (408 until 409).
 *
 * @param channel the channel's name as the server spells it
 * @param members the members' nicks, this client included
 */
public record ChannelJoin(String channel, List<String> members) {

    public ChannelJoin {
        members = List.copyOf(members);
    }
}
