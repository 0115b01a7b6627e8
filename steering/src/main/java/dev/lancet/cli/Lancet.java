package dev.lancet.cli;

public final class Lancet {
    public static void main(String[] args) {
        System.out.println("lancet");
    }
}
