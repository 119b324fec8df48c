/** QEMU's option syntax: {@code key=value} lists with {@code ,,} escapes, and sizes. */
package dev.tuber.machine.options;
