package dev.shoal.core.account;

public record Member(String username, Role role, String email) {}
