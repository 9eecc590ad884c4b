package com.corpastro.backend.account;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.backend.system.Inputs;
import com.corpastro.performance.error.AppError;

import io.swagger.v3.oas.annotations.Parameter;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@RequestMapping("/api/users")
class UserController {

    private final UserService users;

    UserController(UserService users) {
        this.users = users;
    }

    record CreateUserRequest(
            @NotBlank @Email @Size(max = 254) @Pattern(regexp = Inputs.PLAIN_TEXT, message = Inputs.PLAIN_TEXT_MESSAGE) String email,
            @NotBlank @Size(max = 200) @Pattern(regexp = Inputs.PLAIN_TEXT, message = Inputs.PLAIN_TEXT_MESSAGE) String name) {
    }

    record CreatedUserResponse(long id, String email, String name, String apiToken) {
    }

    record UserResponse(long id, String email, String name) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedUserResponse create(@Valid @RequestBody CreateUserRequest request) {
        UserService.CreatedUser created = users.create(request.email(), request.name());
        User user = created.user();
        return new CreatedUserResponse(user.id(), user.email(), user.name(), created.apiToken());
    }

    @GetMapping("/me")
    UserResponse me(@Parameter(hidden = true) Caller caller) {
        User user = users.findById(caller.requireUserId()).orElseThrow(
                () -> new AppError(HttpStatus.NOT_FOUND, "user_not_found", "The user of this token no longer exists."));
        return new UserResponse(user.id(), user.email(), user.name());
    }
}
