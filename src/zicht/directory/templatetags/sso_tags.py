"""The login page's way to the organisation's own sign-in (issue 15.5), shown once any
organisation has one; the login page is core's, which sits below this app."""

from django import template

from zicht.directory.models import SingleSignOn

register = template.Library()


@register.inclusion_tag("directory/_sso_link.html")
def sso_login_link():
    return {"available": SingleSignOn.objects.filter(active=True).exists()}
