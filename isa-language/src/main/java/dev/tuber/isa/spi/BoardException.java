package dev.tuber.isa.spi;

/**
 * A configuration or image problem the user can fix: the message is shown as is, on one line,
 * without a stack trace.
 */
public class BoardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BoardException(String message) {
        super(message);
    }

    public BoardException(String message, Throwable cause) {
        super(message, cause);
    }
}
