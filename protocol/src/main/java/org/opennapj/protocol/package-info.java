/**
 * The Napster/OpenNap wire protocol without IO or state: frames ({@link org.opennapj.protocol.Framing},
 * {@link org.opennapj.protocol.FrameDecoder}), messages ({@link org.opennapj.protocol.Message}), the
 * numeric catalogue ({@link org.opennapj.protocol.MessageType}), the quoted-field tokenizer
 * ({@link org.opennapj.protocol.Fields}) and the {@code <ip>} field encoding
 * ({@link org.opennapj.protocol.IpAddress}).
 */
package org.opennapj.protocol;
