/**
 * Finding servers: a metaserver's answer ({@link org.opennapj.client.servers.MetaserverLookup}) and
 * the waits between reconnections ({@link org.opennapj.client.servers.Backoff}); the list formats
 * themselves are {@link org.opennapj.protocol.ServerList}.
 */
package org.opennapj.client.servers;
