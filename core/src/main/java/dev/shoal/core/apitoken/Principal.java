package dev.shoal.core.apitoken;

import dev.shoal.core.account.AccountCatalog;
import dev.shoal.core.account.Role;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.util.Optional;

/**
 * Who is calling the Platform API: a user, acting through an API token (or, in dev mode without
 * a token, as the first user with every right). Every route asks {@link #require} before acting.
 */
public record Principal(String username, Optional<ApiToken> token) {

    /**
     * Checks that this caller may do {@code scope} in {@code organization} (on {@code group} when
     * the action concerns one). Not a member: 403 (the only 403 the API uses, as Turso's CLI
     * expects). Token limited elsewhere or lacking the scope: 401.
     */
    public Role require(AccountCatalog accounts, String organization, Optional<String> group, Scope scope) {
        Role role = requireMember(accounts, organization);
        if (token.isEmpty()) {
            return role;
        }
        ApiToken t = token.get();
        if (t.group().isPresent() && (group.isEmpty() || !t.group().get().equals(group.get()))) {
            throw new ShoalException(ErrorCode.UNAUTHORIZED, "API token `" + t.name() + "` is limited to group "
                    + t.group().get());
        }
        if (!t.scopes().contains(scope)) {
            throw new ShoalException(ErrorCode.UNAUTHORIZED, "API token `" + t.name() + "` lacks the scope "
                    + scope.wire());
        }
        return role;
    }

    /**
     * Checks membership and the token's organization only: for routes that first need to find
     * the object (and its group) before {@link #require} can judge the action.
     */
    public Role requireMember(AccountCatalog accounts, String organization) {
        Role role = accounts.roleOf(organization, username).orElseThrow(() -> new ShoalException(ErrorCode.FORBIDDEN,
                "you are not a member of organization " + organization));
        token.flatMap(ApiToken::organization).filter(o -> !o.equals(organization)).ifPresent(o -> {
            throw new ShoalException(ErrorCode.UNAUTHORIZED, "API token `" + token.get().name()
                    + "` is limited to organization " + o);
        });
        return role;
    }

    /**
     * For acting on the user's account itself (minting, listing and revoking API tokens, creating
     * organizations): a token may do it only if it is not limited to an organization or group and
     * has every scope, so no token can mint one more powerful than itself.
     */
    public void requireAccountLevel(String action) {
        token.ifPresent(t -> {
            if (t.organization().isPresent() || t.group().isPresent()
                    || !t.scopes().containsAll(java.util.EnumSet.allOf(Scope.class))) {
                throw new ShoalException(ErrorCode.UNAUTHORIZED, "API token `" + t.name() + "` cannot " + action
                        + ": that needs a full-access token not limited to an organization or group");
            }
        });
    }

    /** The group a group-scoped token is limited to, if any (lists are narrowed to it). */
    public Optional<String> groupLimit() {
        return token.flatMap(ApiToken::group);
    }

    /** Like {@link #require}, and the caller must be an owner or admin of the organization. */
    public void requireManager(AccountCatalog accounts, String organization) {
        Role role = require(accounts, organization, Optional.empty(), Scope.ORG_MANAGE);
        if (!role.manages()) {
            throw new ShoalException(ErrorCode.UNAUTHORIZED,
                    "only owners and admins of " + organization + " can do this; your role is " + role.wire());
        }
    }
}
